/*
 * pnp.h - the PnP manager: device nodes on a simulated root bus, PnP and
 * power IRPs, device properties and interfaces.
 */
#ifndef WMISIM_PNP_PNP_H
#define WMISIM_PNP_PNP_H

#include <wmisim/sim.h>

#include <stdbool.h>

struct wmisim;
struct pnp_state;

struct pnp_state *pnp_create(struct wmisim *sim);
/* Removes every device node and unloads every driver (first phase of
 * destruction, while the rest of the simulator still runs). */
void pnp_shutdown(struct wmisim *sim);
void pnp_destroy(struct pnp_state *state);

/* Notifications from the I/O manager. */
void pnp_device_deleted(struct wmisim *sim, PDEVICE_OBJECT device);
void pnp_device_attached(struct wmisim *sim, PDEVICE_OBJECT device);

/* The device instance ID of the device node `device` belongs to, or NULL. */
const char *pnp_instance_id_of(PDEVICE_OBJECT device);
/* The PDO of the device node `device` belongs to, or NULL. */
PDEVICE_OBJECT pnp_pdo_of(PDEVICE_OBJECT device);

#endif /* WMISIM_PNP_PNP_H */
