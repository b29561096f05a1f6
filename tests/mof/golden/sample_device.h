#ifndef _sample_device_h_
#define _sample_device_h_

// SampleDev_Settings - SAMPLE_SETTINGS
// Settings shared by several blocks
#define SampleDev_SettingsGuid \
    { 0x6b2c2e1a,0x93d4,0x4a0e, { 0x9f,0x5c,0x0c,0x1d,0x2e,0x3f,0x4a,0x01 } }

#if ! (defined(MIDL_PASS))
DEFINE_GUID(SampleDev_Settings_GUID, \
            0x6b2c2e1a,0x93d4,0x4a0e,0x9f,0x5c,0x0c,0x1d,0x2e,0x3f,0x4a,0x01);
#endif


typedef struct _SAMPLE_SETTINGS
{
    // Mode flags
    UCHAR Mode;
    #define SAMPLE_SETTINGS_Mode_SIZE sizeof(UCHAR)
    #define SAMPLE_SETTINGS_Mode_ID 1

    // 
    ULONG Threshold;
    #define SAMPLE_SETTINGS_Threshold_SIZE sizeof(ULONG)
    #define SAMPLE_SETTINGS_Threshold_ID 2

    // 
    SHORT Offset;
    #define SAMPLE_SETTINGS_Offset_SIZE sizeof(SHORT)
    #define SAMPLE_SETTINGS_Offset_ID 3

    // 
    ULONGLONG Mask;
    #define SAMPLE_SETTINGS_Mask_SIZE sizeof(ULONGLONG)
    #define SAMPLE_SETTINGS_Mask_ID 4

} SAMPLE_SETTINGS, *PSAMPLE_SETTINGS;

#define SAMPLE_SETTINGS_SIZE (FIELD_OFFSET(SAMPLE_SETTINGS, Mask) + SAMPLE_SETTINGS_Mask_SIZE)

// SampleDev_Info - SampleDev_Info
// Device information
#define SampleDev_InfoGuid \
    { 0x6b2c2e1a,0x93d4,0x4a0e, { 0x9f,0x5c,0x0c,0x1d,0x2e,0x3f,0x4a,0x02 } }

#if ! (defined(MIDL_PASS))
DEFINE_GUID(SampleDev_Info_GUID, \
            0x6b2c2e1a,0x93d4,0x4a0e,0x9f,0x5c,0x0c,0x1d,0x2e,0x3f,0x4a,0x02);
#endif


typedef struct _SampleDev_Info
{
    // Is the device healthy
    BOOLEAN Healthy;
    #define SampleDev_Info_Healthy_SIZE sizeof(BOOLEAN)
    #define SampleDev_Info_Healthy_ID 1


// Idle
#define SAMPLE_STATE_IDLE 0
// Busy
#define SAMPLE_STATE_BUSY 1
// Failed
#define SAMPLE_STATE_FAILED 7

    // 
    USHORT State;
    #define SampleDev_Info_State_SIZE sizeof(USHORT)
    #define SampleDev_Info_State_ID 2

    // 
    ULONG Voltage;
    #define SampleDev_Info_Voltage_SIZE sizeof(ULONG)
    #define SampleDev_Info_Voltage_ID 3

    // 
    ULONGLONG LastReset;
    #define SampleDev_Info_LastReset_SIZE sizeof(ULONGLONG)
    #define SampleDev_Info_LastReset_ID 4

    // 
    CHAR Temperature;
    #define SampleDev_Info_Temperature_SIZE sizeof(CHAR)
    #define SampleDev_Info_Temperature_ID 5

    // 
    UCHAR Serial[6];
    #define SampleDev_Info_Serial_SIZE sizeof(UCHAR[6])
    #define SampleDev_Info_Serial_ID 6

    // 
    DOUBLE Gain;
    #define SampleDev_Info_Gain_SIZE sizeof(DOUBLE)
    #define SampleDev_Info_Gain_ID 7

    // 
    FLOAT Ratio;
    #define SampleDev_Info_Ratio_SIZE sizeof(FLOAT)
    #define SampleDev_Info_Ratio_ID 8

    // 
    WCHAR Letter;
    #define SampleDev_Info_Letter_SIZE sizeof(WCHAR)
    #define SampleDev_Info_Letter_ID 9

    // 
    WCHAR Installed[25];
    #define SampleDev_Info_Installed_SIZE sizeof(WCHAR[25])
    #define SampleDev_Info_Installed_ID 10

    // 
    SAMPLE_SETTINGS Settings;
    #define SampleDev_Info_Settings_SIZE sizeof(SAMPLE_SETTINGS)
    #define SampleDev_Info_Settings_ID 11

    // 
    SAMPLE_SETTINGS History[2];
    #define SampleDev_Info_History_SIZE sizeof(SAMPLE_SETTINGS[2])
    #define SampleDev_Info_History_ID 12

} SampleDev_Info, *PSampleDev_Info;

#define SampleDev_Info_SIZE (FIELD_OFFSET(SampleDev_Info, History) + SampleDev_Info_History_SIZE)

// SampleDev_Counters - SampleDev_Counters
// Counters with a variable part
#define SampleDev_CountersGuid \
    { 0x6b2c2e1a,0x93d4,0x4a0e, { 0x9f,0x5c,0x0c,0x1d,0x2e,0x3f,0x4a,0x03 } }

#if ! (defined(MIDL_PASS))
DEFINE_GUID(SampleDev_Counters_GUID, \
            0x6b2c2e1a,0x93d4,0x4a0e,0x9f,0x5c,0x0c,0x1d,0x2e,0x3f,0x4a,0x03);
#endif


// Warning: Header for class SampleDev_Counters cannot be created
typedef struct _SampleDev_Counters
{
    char VariableData[1];

} SampleDev_Counters, *PSampleDev_Counters;

// SampleDev_Control - SampleDev_Control
// Methods of the device
#define SampleDev_ControlGuid \
    { 0x6b2c2e1a,0x93d4,0x4a0e, { 0x9f,0x5c,0x0c,0x1d,0x2e,0x3f,0x4a,0x04 } }

#if ! (defined(MIDL_PASS))
DEFINE_GUID(SampleDev_Control_GUID, \
            0x6b2c2e1a,0x93d4,0x4a0e,0x9f,0x5c,0x0c,0x1d,0x2e,0x3f,0x4a,0x04);
#endif

//
// Method id definitions for SampleDev_Control
#define Reset     1
#define GetSettings     2
#define Ping     3

typedef struct _SampleDev_Control
{
    // 
    ULONG Generation;
    #define SampleDev_Control_Generation_SIZE sizeof(ULONG)
    #define SampleDev_Control_Generation_ID 1

} SampleDev_Control, *PSampleDev_Control;

#define SampleDev_Control_SIZE (FIELD_OFFSET(SampleDev_Control, Generation) + SampleDev_Control_Generation_SIZE)

#endif
