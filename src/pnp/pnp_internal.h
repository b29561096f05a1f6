/*
 * pnp_internal.h - the PnP manager's device nodes.
 */
#ifndef WMISIM_PNP_INTERNAL_H
#define WMISIM_PNP_INTERNAL_H

#include "pnp/pnp.h"

#include "io/io.h"
#include "platform/platform.h"

#define PNP_MAX_STACK 16

struct pnp_interface {
  struct pnp_interface *next;
  GUID class_guid;
  WCHAR *link;                 /* \??\ROOT#WMISIM#0000#{guid}[\reference] */
  size_t link_length;          /* in WCHARs */
  bool enabled;
};

struct pnp_devnode {
  struct pnp_devnode *next;
  struct wmisim *sim;
  uint32_t index;              /* 0, 1, ...: the driver key's instance number */
  char *instance_id;
  char *hardware_id;
  char *description;
  char *friendly_name;
  PDEVICE_OBJECT pdo;          /* NULL once deleted */
  PDEVICE_OBJECT stack[PNP_MAX_STACK]; /* attached devices, bottom first, PDO excluded */
  int stack_count;
  struct io_driver *drivers[PNP_MAX_STACK];
  int driver_count;
  wmisim_device_state_t state;
  DEVICE_POWER_STATE device_power;
  SYSTEM_POWER_STATE system_power;
  PNP_DEVICE_STATE pnp_device_state;
  struct pnp_interface *interfaces;
};

struct pnp_completion;

struct pnp_state {
  plat_mutex_t lock;           /* guards the node list, node stacks and abandoned IRPs */
  struct pnp_devnode *nodes;
  struct io_driver *root_driver;
  uint32_t next_index;
  struct pnp_completion *abandoned; /* IRPs the manager stopped waiting for, not completed (send.c) */
};

/* At destruction: frees the IRPs the PnP manager stopped waiting for that
 * were never completed. */
void pnp_release_abandoned(struct pnp_state *state);

/* The device node a device object belongs to, or NULL. */
struct pnp_devnode *pnp_node_of(PDEVICE_OBJECT device);

/* The root bus driver's DriverEntry. */
NTSTATUS NTAPI pnp_root_driver_entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path);

/* Sends a PnP or power IRP to the top of the node's stack and waits for it.
 * `setup` fills the stack location's parameters; `information` receives
 * IoStatus.Information. Returns the final IoStatus.Status. */
NTSTATUS pnp_send(struct pnp_devnode *node, UCHAR major, UCHAR minor,
                  void (*setup)(PIO_STACK_LOCATION stack, void *argument), void *argument,
                  ULONG_PTR *information);

/* Disables every interface of a node, as the PnP manager does when it
 * removes a device whose driver left interfaces enabled. */
void pnp_disable_interfaces(struct pnp_devnode *node);

/* pnp_send in two steps, for a caller that hands the IRP out before it is
 * sent (PoRequestPowerIrp): pnp_prepare allocates the IRP with its stack
 * location set up (NULL if the node has no PDO or memory is short);
 * pnp_send_prepared sends it, waits, frees it and returns its status. */
PIRP pnp_prepare(struct pnp_devnode *node, UCHAR major, UCHAR minor,
                 void (*setup)(PIO_STACK_LOCATION stack, void *argument), void *argument);
NTSTATUS pnp_send_prepared(struct pnp_devnode *node, PIRP irp, ULONG_PTR *information);

/* The registry paths of a node's hardware and software keys. */
void pnp_device_key_path(const struct pnp_devnode *node, char *path, size_t size);
void pnp_driver_key_path(const struct pnp_devnode *node, char *path, size_t size);

/* wmisim's device setup class: {87654321-5753-4d53-8000-574d4953494d}. */
extern const GUID pnp_wmisim_class_guid;

#endif /* WMISIM_PNP_INTERNAL_H */
