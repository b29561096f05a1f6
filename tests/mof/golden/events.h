#ifndef _events_h_
#define _events_h_

// SampleEv_Door - SampleEv_Door
// Raised when the "door" opens	or closes
#define SampleEv_DoorGuid \
    { 0x0d5e3b44,0x1c2a,0x4b7e, { 0x8e,0x11,0x5a,0x6b,0x7c,0x8d,0x9e,0x01 } }

#if ! (defined(MIDL_PASS))
DEFINE_GUID(SampleEv_Door_GUID, \
            0x0d5e3b44,0x1c2a,0x4b7e,0x8e,0x11,0x5a,0x6b,0x7c,0x8d,0x9e,0x01);
#endif


typedef struct _SampleEv_Door
{
    // 
    BOOLEAN Open;
    #define SampleEv_Door_Open_SIZE sizeof(BOOLEAN)
    #define SampleEv_Door_Open_ID 1

    // 
    ULONG Count;
    #define SampleEv_Door_Count_SIZE sizeof(ULONG)
    #define SampleEv_Door_Count_ID 2

} SampleEv_Door, *PSampleEv_Door;

#define SampleEv_Door_SIZE (FIELD_OFFSET(SampleEv_Door, Count) + SampleEv_Door_Count_SIZE)

// SampleEv_Empty - SampleEv_Empty
#define SampleEv_EmptyGuid \
    { 0x0d5e3b44,0x1c2a,0x4b7e, { 0x8e,0x11,0x5a,0x6b,0x7c,0x8d,0x9e,0x02 } }

#if ! (defined(MIDL_PASS))
DEFINE_GUID(SampleEv_Empty_GUID, \
            0x0d5e3b44,0x1c2a,0x4b7e,0x8e,0x11,0x5a,0x6b,0x7c,0x8d,0x9e,0x02);
#endif


// Warning: Header for class SampleEv_Empty cannot be created
typedef struct _SampleEv_Empty
{
    char VariableData[1];

} SampleEv_Empty, *PSampleEv_Empty;

#endif
