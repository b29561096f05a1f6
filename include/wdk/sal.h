/*
 * sal.h - Source-code Annotation Language, accepted and ignored.
 *
 * Part of wmisim's WDK-compatible headers. Driver code annotated for
 * Microsoft's code analysis (SAL 2 and the older __drv_* driver annotations)
 * compiles unchanged; every annotation expands to nothing because wmisim
 * checks driver behaviour at run time instead of statically. Each name is
 * defined only if no other header (a compiler's own sal.h) defined it first.
 */
#ifndef WMISIM_WDK_SAL_H
#define WMISIM_WDK_SAL_H

#ifndef _Acquires_exclusive_lock_
#define _Acquires_exclusive_lock_(l)
#endif
#ifndef _Acquires_lock_
#define _Acquires_lock_(l)
#endif
#ifndef _Acquires_shared_lock_
#define _Acquires_shared_lock_(l)
#endif
#ifndef _Always_
#define _Always_(a)
#endif
#ifndef _Analysis_assume_
#define _Analysis_assume_(expr)
#endif
#ifndef _Analysis_assume_lock_held_
#define _Analysis_assume_lock_held_(l)
#endif
#ifndef _Analysis_assume_lock_not_held_
#define _Analysis_assume_lock_not_held_(l)
#endif
#ifndef _Analysis_assume_nullterminated_
#define _Analysis_assume_nullterminated_(expr)
#endif
#ifndef _Analysis_assume_same_lock_
#define _Analysis_assume_same_lock_(a,b)
#endif
#ifndef _Analysis_mode_
#define _Analysis_mode_(x)
#endif
#ifndef _Analysis_noreturn_
#define _Analysis_noreturn_
#endif
#ifndef _Analysis_suppress_lock_checking_
#define _Analysis_suppress_lock_checking_(l)
#endif
#ifndef _At_
#define _At_(e,a)
#endif
#ifndef _At_buffer_
#define _At_buffer_(e,i,c,a)
#endif
#ifndef _Benign_race_begin_
#define _Benign_race_begin_
#endif
#ifndef _Benign_race_end_
#define _Benign_race_end_
#endif
#ifndef _COM_Outptr_
#define _COM_Outptr_
#endif
#ifndef _COM_Outptr_opt_
#define _COM_Outptr_opt_
#endif
#ifndef _COM_Outptr_opt_result_maybenull_
#define _COM_Outptr_opt_result_maybenull_
#endif
#ifndef _COM_Outptr_result_maybenull_
#define _COM_Outptr_result_maybenull_
#endif
#ifndef _CRT_SECURE_CPP_OVERLOAD_SECURE_NAMES
#define _CRT_SECURE_CPP_OVERLOAD_SECURE_NAMES
#endif
#ifndef _CRT_SECURE_CPP_OVERLOAD_STANDARD_NAMES
#define _CRT_SECURE_CPP_OVERLOAD_STANDARD_NAMES
#endif
#ifndef _CRT_SECURE_CPP_OVERLOAD_STANDARD_NAMES_COUNT
#define _CRT_SECURE_CPP_OVERLOAD_STANDARD_NAMES_COUNT
#endif
#ifndef _CRT_SECURE_NO_DEPRECATE
#define _CRT_SECURE_NO_DEPRECATE
#endif
#ifndef _Called_from_function_class_
#define _Called_from_function_class_(x)
#endif
#ifndef _Check_return_
#define _Check_return_
#endif
#ifndef _Const_
#define _Const_
#endif
#ifndef _Create_lock_level_
#define _Create_lock_level_(l)
#endif
#ifndef _Curr_
#define _Curr_
#endif
#ifndef _Deref_in_range_
#define _Deref_in_range_(low,hi)
#endif
#ifndef _Deref_inout_range_
#define _Deref_inout_range_(l,h)
#endif
#ifndef _Deref_opt_out_
#define _Deref_opt_out_
#endif
#ifndef _Deref_opt_out_opt_
#define _Deref_opt_out_opt_
#endif
#ifndef _Deref_opt_out_z_
#define _Deref_opt_out_z_
#endif
#ifndef _Deref_out_
#define _Deref_out_
#endif
#ifndef _Deref_out_opt_
#define _Deref_out_opt_
#endif
#ifndef _Deref_out_range_
#define _Deref_out_range_(low,hi)
#endif
#ifndef _Deref_out_z_
#define _Deref_out_z_
#endif
#ifndef _Deref_post_
#define _Deref_post_
#endif
#ifndef _Deref_pre_
#define _Deref_pre_
#endif
#ifndef _Deref_ret_range_
#define _Deref_ret_range_(l,u)
#endif
#ifndef _Dispatch_type_
#define _Dispatch_type_(t)
#endif
#ifndef _Drvfunc_
#define _Drvfunc_
#endif
#ifndef _Enum_is_bitflag_
#define _Enum_is_bitflag_
#endif
#ifndef _Field_range_
#define _Field_range_(min,max)
#endif
#ifndef _Field_size_
#define _Field_size_(s)
#endif
#ifndef _Field_size_bytes_
#define _Field_size_bytes_(size)
#endif
#ifndef _Field_size_bytes_full_
#define _Field_size_bytes_full_(size)
#endif
#ifndef _Field_size_bytes_full_opt_
#define _Field_size_bytes_full_opt_(s)
#endif
#ifndef _Field_size_bytes_opt_
#define _Field_size_bytes_opt_(s)
#endif
#ifndef _Field_size_bytes_part_
#define _Field_size_bytes_part_(s,c)
#endif
#ifndef _Field_size_bytes_part_opt_
#define _Field_size_bytes_part_opt_(s,c)
#endif
#ifndef _Field_size_full_
#define _Field_size_full_(s)
#endif
#ifndef _Field_size_full_opt_
#define _Field_size_full_opt_(s)
#endif
#ifndef _Field_size_opt_
#define _Field_size_opt_(s)
#endif
#ifndef _Field_size_part_
#define _Field_size_part_(s,c)
#endif
#ifndef _Field_size_part_opt_
#define _Field_size_part_opt_(s,c)
#endif
#ifndef _Field_z_
#define _Field_z_
#endif
#ifndef _Format_string_impl_
#define _Format_string_impl_(kind,where)
#endif
#ifndef _Frees_ptr_
#define _Frees_ptr_
#endif
#ifndef _Frees_ptr_opt_
#define _Frees_ptr_opt_
#endif
#ifndef _Function_class_
#define _Function_class_(x)
#endif
#ifndef _Function_ignore_lock_checking_
#define _Function_ignore_lock_checking_(l)
#endif
#ifndef _Group_
#define _Group_(a)
#endif
#ifndef _Guarded_by_
#define _Guarded_by_(l)
#endif
#ifndef _Has_lock_kind_
#define _Has_lock_kind_(k)
#endif
#ifndef _Has_lock_level_
#define _Has_lock_level_(l)
#endif
#ifndef _IRQL_always_function_max_
#define _IRQL_always_function_max_(x)
#endif
#ifndef _IRQL_always_function_min_
#define _IRQL_always_function_min_(x)
#endif
#ifndef _IRQL_is_cancel_
#define _IRQL_is_cancel_
#endif
#ifndef _IRQL_raises_
#define _IRQL_raises_(x)
#endif
#ifndef _IRQL_requires_
#define _IRQL_requires_(x)
#endif
#ifndef _IRQL_requires_max_
#define _IRQL_requires_max_(x)
#endif
#ifndef _IRQL_requires_min_
#define _IRQL_requires_min_(x)
#endif
#ifndef _IRQL_requires_same_
#define _IRQL_requires_same_
#endif
#ifndef _IRQL_restores_
#define _IRQL_restores_
#endif
#ifndef _IRQL_restores_global_
#define _IRQL_restores_global_(k,p)
#endif
#ifndef _IRQL_saves_
#define _IRQL_saves_
#endif
#ifndef _IRQL_saves_global_
#define _IRQL_saves_global_(k,p)
#endif
#ifndef _IRQL_uses_cancel_
#define _IRQL_uses_cancel_
#endif
#ifndef _In_
#define _In_
#endif
#ifndef _In_bytecount_
#define _In_bytecount_(s)
#endif
#ifndef _In_bytecount_c_
#define _In_bytecount_c_(s)
#endif
#ifndef _In_bytecount_x_
#define _In_bytecount_x_(s)
#endif
#ifndef _In_count_
#define _In_count_(s)
#endif
#ifndef _In_count_c_
#define _In_count_c_(s)
#endif
#ifndef _In_count_x_
#define _In_count_x_(s)
#endif
#ifndef _In_defensive_
#define _In_defensive_(a)
#endif
#ifndef _In_opt_
#define _In_opt_
#endif
#ifndef _In_opt_bytecount_
#define _In_opt_bytecount_(s)
#endif
#ifndef _In_opt_bytecount_c_
#define _In_opt_bytecount_c_(s)
#endif
#ifndef _In_opt_bytecount_x_
#define _In_opt_bytecount_x_(s)
#endif
#ifndef _In_opt_count_
#define _In_opt_count_(s)
#endif
#ifndef _In_opt_count_c_
#define _In_opt_count_c_(s)
#endif
#ifndef _In_opt_count_x_
#define _In_opt_count_x_(s)
#endif
#ifndef _In_opt_ptrdiff_count_
#define _In_opt_ptrdiff_count_(s)
#endif
#ifndef _In_opt_z_
#define _In_opt_z_
#endif
#ifndef _In_opt_z_bytecount_
#define _In_opt_z_bytecount_(s)
#endif
#ifndef _In_opt_z_bytecount_c_
#define _In_opt_z_bytecount_c_(s)
#endif
#ifndef _In_opt_z_count_
#define _In_opt_z_count_(s)
#endif
#ifndef _In_opt_z_count_c_
#define _In_opt_z_count_c_(s)
#endif
#ifndef _In_ptrdiff_count_
#define _In_ptrdiff_count_(s)
#endif
#ifndef _In_range_
#define _In_range_(low,hi)
#endif
#ifndef _In_reads_
#define _In_reads_(s)
#endif
#ifndef _In_reads_bytes_
#define _In_reads_bytes_(s)
#endif
#ifndef _In_reads_bytes_opt_
#define _In_reads_bytes_opt_(s)
#endif
#ifndef _In_reads_opt_
#define _In_reads_opt_(s)
#endif
#ifndef _In_reads_opt_z_
#define _In_reads_opt_z_(s)
#endif
#ifndef _In_reads_or_z_
#define _In_reads_or_z_(s)
#endif
#ifndef _In_reads_or_z_opt_
#define _In_reads_or_z_opt_(s)
#endif
#ifndef _In_reads_to_ptr_
#define _In_reads_to_ptr_(p)
#endif
#ifndef _In_reads_to_ptr_opt_
#define _In_reads_to_ptr_opt_(p)
#endif
#ifndef _In_reads_to_ptr_opt_z_
#define _In_reads_to_ptr_opt_z_(p)
#endif
#ifndef _In_reads_to_ptr_z_
#define _In_reads_to_ptr_z_(p)
#endif
#ifndef _In_reads_z_
#define _In_reads_z_(s)
#endif
#ifndef _In_z_
#define _In_z_
#endif
#ifndef _In_z_bytecount_
#define _In_z_bytecount_(s)
#endif
#ifndef _In_z_bytecount_c_
#define _In_z_bytecount_c_(s)
#endif
#ifndef _In_z_count_
#define _In_z_count_(s)
#endif
#ifndef _In_z_count_c_
#define _In_z_count_c_(s)
#endif
#ifndef _Inexpressible_
#define _Inexpressible_(e)
#endif
#ifndef _Inout_
#define _Inout_
#endif
#ifndef _Inout_bytecap_
#define _Inout_bytecap_(s)
#endif
#ifndef _Inout_bytecap_c_
#define _Inout_bytecap_c_(s)
#endif
#ifndef _Inout_bytecap_x_
#define _Inout_bytecap_x_(s)
#endif
#ifndef _Inout_bytecount_
#define _Inout_bytecount_(s)
#endif
#ifndef _Inout_bytecount_c_
#define _Inout_bytecount_c_(s)
#endif
#ifndef _Inout_bytecount_x_
#define _Inout_bytecount_x_(s)
#endif
#ifndef _Inout_cap_
#define _Inout_cap_(s)
#endif
#ifndef _Inout_cap_c_
#define _Inout_cap_c_(s)
#endif
#ifndef _Inout_cap_x_
#define _Inout_cap_x_(s)
#endif
#ifndef _Inout_count_
#define _Inout_count_(s)
#endif
#ifndef _Inout_count_c_
#define _Inout_count_c_(s)
#endif
#ifndef _Inout_count_x_
#define _Inout_count_x_(s)
#endif
#ifndef _Inout_defensive_
#define _Inout_defensive_(a)
#endif
#ifndef _Inout_opt_
#define _Inout_opt_
#endif
#ifndef _Inout_opt_bytecap_
#define _Inout_opt_bytecap_(s)
#endif
#ifndef _Inout_opt_bytecap_c_
#define _Inout_opt_bytecap_c_(s)
#endif
#ifndef _Inout_opt_bytecap_x_
#define _Inout_opt_bytecap_x_(s)
#endif
#ifndef _Inout_opt_bytecount_
#define _Inout_opt_bytecount_(s)
#endif
#ifndef _Inout_opt_bytecount_c_
#define _Inout_opt_bytecount_c_(s)
#endif
#ifndef _Inout_opt_bytecount_x_
#define _Inout_opt_bytecount_x_(s)
#endif
#ifndef _Inout_opt_cap_
#define _Inout_opt_cap_(s)
#endif
#ifndef _Inout_opt_cap_c_
#define _Inout_opt_cap_c_(s)
#endif
#ifndef _Inout_opt_cap_x_
#define _Inout_opt_cap_x_(s)
#endif
#ifndef _Inout_opt_count_
#define _Inout_opt_count_(s)
#endif
#ifndef _Inout_opt_count_c_
#define _Inout_opt_count_c_(s)
#endif
#ifndef _Inout_opt_count_x_
#define _Inout_opt_count_x_(s)
#endif
#ifndef _Inout_opt_ptrdiff_count_
#define _Inout_opt_ptrdiff_count_(s)
#endif
#ifndef _Inout_opt_z_
#define _Inout_opt_z_
#endif
#ifndef _Inout_opt_z_bytecap_
#define _Inout_opt_z_bytecap_(s)
#endif
#ifndef _Inout_opt_z_bytecap_c_
#define _Inout_opt_z_bytecap_c_(s)
#endif
#ifndef _Inout_opt_z_bytecap_x_
#define _Inout_opt_z_bytecap_x_(s)
#endif
#ifndef _Inout_opt_z_bytecount_
#define _Inout_opt_z_bytecount_(s)
#endif
#ifndef _Inout_opt_z_bytecount_c_
#define _Inout_opt_z_bytecount_c_(s)
#endif
#ifndef _Inout_opt_z_cap_
#define _Inout_opt_z_cap_(s)
#endif
#ifndef _Inout_opt_z_cap_c_
#define _Inout_opt_z_cap_c_(s)
#endif
#ifndef _Inout_opt_z_cap_x_
#define _Inout_opt_z_cap_x_(s)
#endif
#ifndef _Inout_opt_z_count_
#define _Inout_opt_z_count_(s)
#endif
#ifndef _Inout_opt_z_count_c_
#define _Inout_opt_z_count_c_(s)
#endif
#ifndef _Inout_ptrdiff_count_
#define _Inout_ptrdiff_count_(s)
#endif
#ifndef _Inout_range_
#define _Inout_range_(l,h)
#endif
#ifndef _Inout_updates_
#define _Inout_updates_(s)
#endif
#ifndef _Inout_updates_all_
#define _Inout_updates_all_(s)
#endif
#ifndef _Inout_updates_all_opt_
#define _Inout_updates_all_opt_(s)
#endif
#ifndef _Inout_updates_bytes_
#define _Inout_updates_bytes_(s)
#endif
#ifndef _Inout_updates_bytes_all_
#define _Inout_updates_bytes_all_(s)
#endif
#ifndef _Inout_updates_bytes_all_opt_
#define _Inout_updates_bytes_all_opt_(s)
#endif
#ifndef _Inout_updates_bytes_opt_
#define _Inout_updates_bytes_opt_(s)
#endif
#ifndef _Inout_updates_bytes_to_
#define _Inout_updates_bytes_to_(s,c)
#endif
#ifndef _Inout_updates_bytes_to_opt_
#define _Inout_updates_bytes_to_opt_(s,c)
#endif
#ifndef _Inout_updates_opt_
#define _Inout_updates_opt_(s)
#endif
#ifndef _Inout_updates_opt_z_
#define _Inout_updates_opt_z_(s)
#endif
#ifndef _Inout_updates_to_
#define _Inout_updates_to_(s,c)
#endif
#ifndef _Inout_updates_to_opt_
#define _Inout_updates_to_opt_(s,c)
#endif
#ifndef _Inout_updates_z_
#define _Inout_updates_z_(s)
#endif
#ifndef _Inout_z_
#define _Inout_z_
#endif
#ifndef _Inout_z_bytecap_
#define _Inout_z_bytecap_(s)
#endif
#ifndef _Inout_z_bytecap_c_
#define _Inout_z_bytecap_c_(s)
#endif
#ifndef _Inout_z_bytecap_x_
#define _Inout_z_bytecap_x_(s)
#endif
#ifndef _Inout_z_bytecount_
#define _Inout_z_bytecount_(s)
#endif
#ifndef _Inout_z_bytecount_c_
#define _Inout_z_bytecount_c_(s)
#endif
#ifndef _Inout_z_cap_
#define _Inout_z_cap_(s)
#endif
#ifndef _Inout_z_cap_c_
#define _Inout_z_cap_c_(s)
#endif
#ifndef _Inout_z_cap_x_
#define _Inout_z_cap_x_(s)
#endif
#ifndef _Inout_z_count_
#define _Inout_z_count_(s)
#endif
#ifndef _Inout_z_count_c_
#define _Inout_z_count_c_(s)
#endif
#ifndef _Interlocked_
#define _Interlocked_
#endif
#ifndef _Interlocked_operand_
#define _Interlocked_operand_
#endif
#ifndef _Kernel_IoGetDmaAdapter_
#define _Kernel_IoGetDmaAdapter_
#endif
#ifndef _Kernel_ReleaseSpinLock_
#define _Kernel_ReleaseSpinLock_
#endif
#ifndef _Kernel_acquires_resource_
#define _Kernel_acquires_resource_(x)
#endif
#ifndef _Kernel_clear_do_init_
#define _Kernel_clear_do_init_(y)
#endif
#ifndef _Kernel_entry_
#define _Kernel_entry_
#endif
#ifndef _Kernel_entry_always_
#define _Kernel_entry_always_
#endif
#ifndef _Kernel_float_restored_
#define _Kernel_float_restored_
#endif
#ifndef _Kernel_float_saved_
#define _Kernel_float_saved_
#endif
#ifndef _Kernel_float_used_
#define _Kernel_float_used_
#endif
#ifndef _Kernel_releases_resource_
#define _Kernel_releases_resource_(r)
#endif
#ifndef _Kernel_requires_resource_held_
#define _Kernel_requires_resource_held_(r)
#endif
#ifndef _Kernel_requires_resource_not_held_
#define _Kernel_requires_resource_not_held_(r)
#endif
#ifndef _Literal_
#define _Literal_
#endif
#ifndef _Lock_level_order_
#define _Lock_level_order_(a,b)
#endif
#ifndef _Maybe_raises_SEH_exception_
#define _Maybe_raises_SEH_exception_
#endif
#ifndef _Maybenull_
#define _Maybenull_
#endif
#ifndef _Must_inspect_result_
#define _Must_inspect_result_
#endif
#ifndef _No_competing_thread_
#define _No_competing_thread_
#endif
#ifndef _No_competing_thread_begin_
#define _No_competing_thread_begin_
#endif
#ifndef _No_competing_thread_end_
#define _No_competing_thread_end_
#endif
#ifndef _Notliteral_
#define _Notliteral_
#endif
#ifndef _Notnull_
#define _Notnull_
#endif
#ifndef _Notvalid_
#define _Notvalid_
#endif
#ifndef _NullNull_terminated_
#define _NullNull_terminated_
#endif
#ifndef _Null_
#define _Null_
#endif
#ifndef _Null_terminated_
#define _Null_terminated_
#endif
#ifndef _Nullterm_length_
#define _Nullterm_length_(p)
#endif
#ifndef _Old_
#define _Old_(e)
#endif
#ifndef _On_failure_
#define _On_failure_(a)
#endif
#ifndef _Out_
#define _Out_
#endif
#ifndef _Out_bytecap_
#define _Out_bytecap_(s)
#endif
#ifndef _Out_bytecap_c_
#define _Out_bytecap_c_(s)
#endif
#ifndef _Out_bytecap_post_bytecount_
#define _Out_bytecap_post_bytecount_(a,o)
#endif
#ifndef _Out_bytecap_x_
#define _Out_bytecap_x_(s)
#endif
#ifndef _Out_bytecapcount_
#define _Out_bytecapcount_(c)
#endif
#ifndef _Out_bytecapcount_x_
#define _Out_bytecapcount_x_(c)
#endif
#ifndef _Out_cap_
#define _Out_cap_(s)
#endif
#ifndef _Out_cap_c_
#define _Out_cap_c_(s)
#endif
#ifndef _Out_cap_m_
#define _Out_cap_m_(m,s)
#endif
#ifndef _Out_cap_post_count_
#define _Out_cap_post_count_(a,o)
#endif
#ifndef _Out_cap_x_
#define _Out_cap_x_(s)
#endif
#ifndef _Out_capcount_
#define _Out_capcount_(c)
#endif
#ifndef _Out_capcount_x_
#define _Out_capcount_x_(c)
#endif
#ifndef _Out_defensive_
#define _Out_defensive_(a)
#endif
#ifndef _Out_opt_
#define _Out_opt_
#endif
#ifndef _Out_opt_bytecap_
#define _Out_opt_bytecap_(s)
#endif
#ifndef _Out_opt_bytecap_c_
#define _Out_opt_bytecap_c_(s)
#endif
#ifndef _Out_opt_bytecap_post_bytecount_
#define _Out_opt_bytecap_post_bytecount_(a,o)
#endif
#ifndef _Out_opt_bytecap_x_
#define _Out_opt_bytecap_x_(s)
#endif
#ifndef _Out_opt_bytecapcount_
#define _Out_opt_bytecapcount_(c)
#endif
#ifndef _Out_opt_bytecapcount_x_
#define _Out_opt_bytecapcount_x_(c)
#endif
#ifndef _Out_opt_cap_
#define _Out_opt_cap_(s)
#endif
#ifndef _Out_opt_cap_c_
#define _Out_opt_cap_c_(s)
#endif
#ifndef _Out_opt_cap_m_
#define _Out_opt_cap_m_(m,s)
#endif
#ifndef _Out_opt_cap_post_count_
#define _Out_opt_cap_post_count_(a,o)
#endif
#ifndef _Out_opt_cap_x_
#define _Out_opt_cap_x_(s)
#endif
#ifndef _Out_opt_capcount_
#define _Out_opt_capcount_(c)
#endif
#ifndef _Out_opt_capcount_x_
#define _Out_opt_capcount_x_(c)
#endif
#ifndef _Out_opt_ptrdiff_cap_
#define _Out_opt_ptrdiff_cap_(s)
#endif
#ifndef _Out_opt_z_bytecap_
#define _Out_opt_z_bytecap_(s)
#endif
#ifndef _Out_opt_z_bytecap_c_
#define _Out_opt_z_bytecap_c_(s)
#endif
#ifndef _Out_opt_z_bytecap_post_bytecount_
#define _Out_opt_z_bytecap_post_bytecount_(a,o)
#endif
#ifndef _Out_opt_z_bytecap_x_
#define _Out_opt_z_bytecap_x_(s)
#endif
#ifndef _Out_opt_z_bytecapcount_
#define _Out_opt_z_bytecapcount_(c)
#endif
#ifndef _Out_opt_z_cap_
#define _Out_opt_z_cap_(s)
#endif
#ifndef _Out_opt_z_cap_c_
#define _Out_opt_z_cap_c_(s)
#endif
#ifndef _Out_opt_z_cap_m_
#define _Out_opt_z_cap_m_(m,s)
#endif
#ifndef _Out_opt_z_cap_post_count_
#define _Out_opt_z_cap_post_count_(a,o)
#endif
#ifndef _Out_opt_z_cap_x_
#define _Out_opt_z_cap_x_(s)
#endif
#ifndef _Out_opt_z_capcount_
#define _Out_opt_z_capcount_(c)
#endif
#ifndef _Out_ptrdiff_cap_
#define _Out_ptrdiff_cap_(s)
#endif
#ifndef _Out_range_
#define _Out_range_(low,hi)
#endif
#ifndef _Out_writes_
#define _Out_writes_(s)
#endif
#ifndef _Out_writes_all_
#define _Out_writes_all_(s)
#endif
#ifndef _Out_writes_all_opt_
#define _Out_writes_all_opt_(s)
#endif
#ifndef _Out_writes_bytes_
#define _Out_writes_bytes_(s)
#endif
#ifndef _Out_writes_bytes_all_
#define _Out_writes_bytes_all_(s)
#endif
#ifndef _Out_writes_bytes_all_opt_
#define _Out_writes_bytes_all_opt_(s)
#endif
#ifndef _Out_writes_bytes_opt_
#define _Out_writes_bytes_opt_(s)
#endif
#ifndef _Out_writes_bytes_to_
#define _Out_writes_bytes_to_(s,c)
#endif
#ifndef _Out_writes_bytes_to_opt_
#define _Out_writes_bytes_to_opt_(s,c)
#endif
#ifndef _Out_writes_opt_
#define _Out_writes_opt_(s)
#endif
#ifndef _Out_writes_opt_z_
#define _Out_writes_opt_z_(s)
#endif
#ifndef _Out_writes_to_
#define _Out_writes_to_(s,c)
#endif
#ifndef _Out_writes_to_opt_
#define _Out_writes_to_opt_(s,c)
#endif
#ifndef _Out_writes_to_ptr_
#define _Out_writes_to_ptr_(p)
#endif
#ifndef _Out_writes_to_ptr_opt_
#define _Out_writes_to_ptr_opt_(p)
#endif
#ifndef _Out_writes_to_ptr_opt_z_
#define _Out_writes_to_ptr_opt_z_(p)
#endif
#ifndef _Out_writes_to_ptr_z_
#define _Out_writes_to_ptr_z_(p)
#endif
#ifndef _Out_writes_z_
#define _Out_writes_z_(s)
#endif
#ifndef _Out_z_bytecap_
#define _Out_z_bytecap_(s)
#endif
#ifndef _Out_z_bytecap_c_
#define _Out_z_bytecap_c_(s)
#endif
#ifndef _Out_z_bytecap_post_bytecount_
#define _Out_z_bytecap_post_bytecount_(a,o)
#endif
#ifndef _Out_z_bytecap_x_
#define _Out_z_bytecap_x_(s)
#endif
#ifndef _Out_z_bytecapcount_
#define _Out_z_bytecapcount_(c)
#endif
#ifndef _Out_z_cap_
#define _Out_z_cap_(s)
#endif
#ifndef _Out_z_cap_c_
#define _Out_z_cap_c_(s)
#endif
#ifndef _Out_z_cap_m_
#define _Out_z_cap_m_(m,s)
#endif
#ifndef _Out_z_cap_post_count_
#define _Out_z_cap_post_count_(a,o)
#endif
#ifndef _Out_z_cap_x_
#define _Out_z_cap_x_(s)
#endif
#ifndef _Out_z_capcount_
#define _Out_z_capcount_(c)
#endif
#ifndef _Outptr_
#define _Outptr_
#endif
#ifndef _Outptr_opt_
#define _Outptr_opt_
#endif
#ifndef _Outptr_opt_result_buffer_
#define _Outptr_opt_result_buffer_(s)
#endif
#ifndef _Outptr_opt_result_buffer_all_
#define _Outptr_opt_result_buffer_all_(s)
#endif
#ifndef _Outptr_opt_result_buffer_all_maybenull_
#define _Outptr_opt_result_buffer_all_maybenull_(s)
#endif
#ifndef _Outptr_opt_result_buffer_maybenull_
#define _Outptr_opt_result_buffer_maybenull_(s)
#endif
#ifndef _Outptr_opt_result_buffer_to_
#define _Outptr_opt_result_buffer_to_(s,c)
#endif
#ifndef _Outptr_opt_result_buffer_to_maybenull_
#define _Outptr_opt_result_buffer_to_maybenull_(s,c)
#endif
#ifndef _Outptr_opt_result_bytebuffer_
#define _Outptr_opt_result_bytebuffer_(s)
#endif
#ifndef _Outptr_opt_result_bytebuffer_all_
#define _Outptr_opt_result_bytebuffer_all_(s)
#endif
#ifndef _Outptr_opt_result_bytebuffer_all_maybenull_
#define _Outptr_opt_result_bytebuffer_all_maybenull_(s)
#endif
#ifndef _Outptr_opt_result_bytebuffer_maybenull_
#define _Outptr_opt_result_bytebuffer_maybenull_(s)
#endif
#ifndef _Outptr_opt_result_bytebuffer_to_
#define _Outptr_opt_result_bytebuffer_to_(s,c)
#endif
#ifndef _Outptr_opt_result_bytebuffer_to_maybenull_
#define _Outptr_opt_result_bytebuffer_to_maybenull_(s,c)
#endif
#ifndef _Outptr_opt_result_maybenull_
#define _Outptr_opt_result_maybenull_
#endif
#ifndef _Outptr_opt_result_maybenull_z_
#define _Outptr_opt_result_maybenull_z_
#endif
#ifndef _Outptr_opt_result_nullonfailure_
#define _Outptr_opt_result_nullonfailure_
#endif
#ifndef _Outptr_opt_result_z_
#define _Outptr_opt_result_z_
#endif
#ifndef _Outptr_result_buffer_
#define _Outptr_result_buffer_(s)
#endif
#ifndef _Outptr_result_buffer_all_
#define _Outptr_result_buffer_all_(s)
#endif
#ifndef _Outptr_result_buffer_all_maybenull_
#define _Outptr_result_buffer_all_maybenull_(s)
#endif
#ifndef _Outptr_result_buffer_maybenull_
#define _Outptr_result_buffer_maybenull_(s)
#endif
#ifndef _Outptr_result_buffer_to_
#define _Outptr_result_buffer_to_(s,c)
#endif
#ifndef _Outptr_result_buffer_to_maybenull_
#define _Outptr_result_buffer_to_maybenull_(s,c)
#endif
#ifndef _Outptr_result_bytebuffer_
#define _Outptr_result_bytebuffer_(s)
#endif
#ifndef _Outptr_result_bytebuffer_all_
#define _Outptr_result_bytebuffer_all_(s)
#endif
#ifndef _Outptr_result_bytebuffer_all_maybenull_
#define _Outptr_result_bytebuffer_all_maybenull_(s)
#endif
#ifndef _Outptr_result_bytebuffer_maybenull_
#define _Outptr_result_bytebuffer_maybenull_(s)
#endif
#ifndef _Outptr_result_bytebuffer_to_
#define _Outptr_result_bytebuffer_to_(s,c)
#endif
#ifndef _Outptr_result_bytebuffer_to_maybenull_
#define _Outptr_result_bytebuffer_to_maybenull_(s,c)
#endif
#ifndef _Outptr_result_maybenull_
#define _Outptr_result_maybenull_
#endif
#ifndef _Outptr_result_maybenull_z_
#define _Outptr_result_maybenull_z_
#endif
#ifndef _Outptr_result_nullonfailure_
#define _Outptr_result_nullonfailure_
#endif
#ifndef _Outptr_result_z_
#define _Outptr_result_z_
#endif
#ifndef _Outref_
#define _Outref_
#endif
#ifndef _Outref_result_buffer_
#define _Outref_result_buffer_(s)
#endif
#ifndef _Outref_result_buffer_all_
#define _Outref_result_buffer_all_(s)
#endif
#ifndef _Outref_result_buffer_all_maybenull_
#define _Outref_result_buffer_all_maybenull_(s)
#endif
#ifndef _Outref_result_buffer_maybenull_
#define _Outref_result_buffer_maybenull_(s)
#endif
#ifndef _Outref_result_buffer_to_
#define _Outref_result_buffer_to_(s,c)
#endif
#ifndef _Outref_result_buffer_to_maybenull_
#define _Outref_result_buffer_to_maybenull_(s,c)
#endif
#ifndef _Outref_result_bytebuffer_
#define _Outref_result_bytebuffer_(s)
#endif
#ifndef _Outref_result_bytebuffer_all_
#define _Outref_result_bytebuffer_all_(s)
#endif
#ifndef _Outref_result_bytebuffer_all_maybenull_
#define _Outref_result_bytebuffer_all_maybenull_(s)
#endif
#ifndef _Outref_result_bytebuffer_maybenull_
#define _Outref_result_bytebuffer_maybenull_(s)
#endif
#ifndef _Outref_result_bytebuffer_to_
#define _Outref_result_bytebuffer_to_(s,c)
#endif
#ifndef _Outref_result_bytebuffer_to_maybenull_
#define _Outref_result_bytebuffer_to_maybenull_(s,c)
#endif
#ifndef _Outref_result_maybenull_
#define _Outref_result_maybenull_
#endif
#ifndef _Outref_result_nullonfailure_
#define _Outref_result_nullonfailure_
#endif
#ifndef _Param_
#define _Param_(n)
#endif
#ifndef _Points_to_data_
#define _Points_to_data_
#endif
#ifndef _Post_
#define _Post_
#endif
#ifndef _Post_bytecount_
#define _Post_bytecount_(s)
#endif
#ifndef _Post_count_
#define _Post_count_(s)
#endif
#ifndef _Post_defensive_
#define _Post_defensive_
#endif
#ifndef _Post_equal_to_
#define _Post_equal_to_(expr)
#endif
#ifndef _Post_equals_last_error_
#define _Post_equals_last_error_
#endif
#ifndef _Post_invalid_
#define _Post_invalid_
#endif
#ifndef _Post_maybenull_
#define _Post_maybenull_
#endif
#ifndef _Post_notnull_
#define _Post_notnull_
#endif
#ifndef _Post_null_
#define _Post_null_
#endif
#ifndef _Post_ptr_invalid_
#define _Post_ptr_invalid_
#endif
#ifndef _Post_readable_byte_size_
#define _Post_readable_byte_size_(s)
#endif
#ifndef _Post_readable_size_
#define _Post_readable_size_(s)
#endif
#ifndef _Post_same_lock_
#define _Post_same_lock_(a,b)
#endif
#ifndef _Post_satisfies_
#define _Post_satisfies_(c)
#endif
#ifndef _Post_valid_
#define _Post_valid_
#endif
#ifndef _Post_writable_byte_size_
#define _Post_writable_byte_size_(s)
#endif
#ifndef _Post_writable_size_
#define _Post_writable_size_(s)
#endif
#ifndef _Post_z_
#define _Post_z_
#endif
#ifndef _Pre_
#define _Pre_
#endif
#ifndef _Pre_bytecount_
#define _Pre_bytecount_(s)
#endif
#ifndef _Pre_count_
#define _Pre_count_(s)
#endif
#ifndef _Pre_defensive_
#define _Pre_defensive_
#endif
#ifndef _Pre_equal_to_
#define _Pre_equal_to_(expr)
#endif
#ifndef _Pre_maybenull_
#define _Pre_maybenull_
#endif
#ifndef _Pre_notnull_
#define _Pre_notnull_
#endif
#ifndef _Pre_null_
#define _Pre_null_
#endif
#ifndef _Pre_readable_byte_size_
#define _Pre_readable_byte_size_(s)
#endif
#ifndef _Pre_readable_size_
#define _Pre_readable_size_(s)
#endif
#ifndef _Pre_satisfies_
#define _Pre_satisfies_(c)
#endif
#ifndef _Pre_unknown_
#define _Pre_unknown_
#endif
#ifndef _Pre_valid_
#define _Pre_valid_
#endif
#ifndef _Pre_writable_byte_size_
#define _Pre_writable_byte_size_(s)
#endif
#ifndef _Pre_writable_size_
#define _Pre_writable_size_(s)
#endif
#ifndef _Pre_z_
#define _Pre_z_
#endif
#ifndef _Printf_format_string_
#define _Printf_format_string_
#endif
#ifndef _Printf_format_string_params_
#define _Printf_format_string_params_(x)
#endif
#ifndef _Raises_SEH_exception_
#define _Raises_SEH_exception_
#endif
#ifndef _Readable_bytes_
#define _Readable_bytes_(s)
#endif
#ifndef _Readable_elements_
#define _Readable_elements_(s)
#endif
#ifndef _Releases_exclusive_lock_
#define _Releases_exclusive_lock_(l)
#endif
#ifndef _Releases_lock_
#define _Releases_lock_(l)
#endif
#ifndef _Releases_shared_lock_
#define _Releases_shared_lock_(l)
#endif
#ifndef _Requires_exclusive_lock_held_
#define _Requires_exclusive_lock_held_(l)
#endif
#ifndef _Requires_lock_held_
#define _Requires_lock_held_(l)
#endif
#ifndef _Requires_lock_not_held_
#define _Requires_lock_not_held_(l)
#endif
#ifndef _Requires_shared_lock_held_
#define _Requires_shared_lock_held_(l)
#endif
#ifndef _Reserved_
#define _Reserved_
#endif
#ifndef _Result_nullonfailure_
#define _Result_nullonfailure_
#endif
#ifndef _Result_zeroonfailure_
#define _Result_zeroonfailure_
#endif
#ifndef _Ret_maybenull_
#define _Ret_maybenull_
#endif
#ifndef _Ret_maybenull_z_
#define _Ret_maybenull_z_
#endif
#ifndef _Ret_notnull_
#define _Ret_notnull_
#endif
#ifndef _Ret_null_
#define _Ret_null_
#endif
#ifndef _Ret_range_
#define _Ret_range_(low,hi)
#endif
#ifndef _Ret_valid_
#define _Ret_valid_
#endif
#ifndef _Ret_writes_
#define _Ret_writes_(s)
#endif
#ifndef _Ret_writes_bytes_
#define _Ret_writes_bytes_(s)
#endif
#ifndef _Ret_writes_bytes_maybenull_
#define _Ret_writes_bytes_maybenull_(s)
#endif
#ifndef _Ret_writes_bytes_to_
#define _Ret_writes_bytes_to_(s,c)
#endif
#ifndef _Ret_writes_bytes_to_maybenull_
#define _Ret_writes_bytes_to_maybenull_(s,c)
#endif
#ifndef _Ret_writes_maybenull_
#define _Ret_writes_maybenull_(s)
#endif
#ifndef _Ret_writes_maybenull_z_
#define _Ret_writes_maybenull_z_(s)
#endif
#ifndef _Ret_writes_to_
#define _Ret_writes_to_(s,c)
#endif
#ifndef _Ret_writes_to_maybenull_
#define _Ret_writes_to_maybenull_(s,c)
#endif
#ifndef _Ret_writes_z_
#define _Ret_writes_z_(s)
#endif
#ifndef _Ret_z_
#define _Ret_z_
#endif
#ifndef _Return_type_success_
#define _Return_type_success_(c)
#endif
#ifndef _Satisfies_
#define _Satisfies_(c)
#endif
#ifndef _Scanf_format_string_
#define _Scanf_format_string_
#endif
#ifndef _Scanf_format_string_params_
#define _Scanf_format_string_params_(x)
#endif
#ifndef _Scanf_s_format_string_
#define _Scanf_s_format_string_
#endif
#ifndef _Scanf_s_format_string_params_
#define _Scanf_s_format_string_params_(x)
#endif
#ifndef _Strict_type_match_
#define _Strict_type_match_
#endif
#ifndef _String_length_
#define _String_length_(p)
#endif
#ifndef _Struct_size_bytes_
#define _Struct_size_bytes_(s)
#endif
#ifndef _Success_
#define _Success_(c)
#endif
#ifndef _Unchanged_
#define _Unchanged_(e)
#endif
#ifndef _Use_decl_annotations_
#define _Use_decl_annotations_
#endif
#ifndef _Valid_
#define _Valid_
#endif
#ifndef _When_
#define _When_(c,a)
#endif
#ifndef _Writable_bytes_
#define _Writable_bytes_(s)
#endif
#ifndef _Writable_elements_
#define _Writable_elements_(s)
#endif
#ifndef _Write_guarded_by_
#define _Write_guarded_by_(l)
#endif
#ifndef __callback
#define __callback
#endif
#ifndef __checkReturn
#define __checkReturn
#endif
#ifndef __deref_out
#define __deref_out
#endif
#ifndef __deref_out_opt
#define __deref_out_opt
#endif
#ifndef __drv_KernelEntry
#define __drv_KernelEntry
#endif
#ifndef __drv_Mode_impl
#define __drv_Mode_impl(x)
#endif
#ifndef __drv_NDIS
#define __drv_NDIS
#endif
#ifndef __drv_WDF
#define __drv_WDF
#endif
#ifndef __drv_WDM
#define __drv_WDM
#endif
#ifndef __drv_acquiresCancelSpinLock
#define __drv_acquiresCancelSpinLock
#endif
#ifndef __drv_acquiresCriticalRegion
#define __drv_acquiresCriticalRegion
#endif
#ifndef __drv_acquiresPriorityRegion
#define __drv_acquiresPriorityRegion
#endif
#ifndef __drv_acquiresResource
#define __drv_acquiresResource(k)
#endif
#ifndef __drv_acquiresResourceGlobal
#define __drv_acquiresResourceGlobal(k,p)
#endif
#ifndef __drv_aliasesMem
#define __drv_aliasesMem
#endif
#ifndef __drv_allocatesMem
#define __drv_allocatesMem(k)
#endif
#ifndef __drv_arg
#define __drv_arg(x,y)
#endif
#ifndef __drv_at
#define __drv_at(e,a)
#endif
#ifndef __drv_callbackType
#define __drv_callbackType(x)
#endif
#ifndef __drv_clearDoInit
#define __drv_clearDoInit(y)
#endif
#ifndef __drv_completionType
#define __drv_completionType(x)
#endif
#ifndef __drv_constant
#define __drv_constant
#endif
#ifndef __drv_deref
#define __drv_deref(a)
#endif
#ifndef __drv_dispatchType
#define __drv_dispatchType(x)
#endif
#ifndef __drv_dispatchType_other
#define __drv_dispatchType_other
#endif
#ifndef __drv_floatRestored
#define __drv_floatRestored
#endif
#ifndef __drv_floatSaved
#define __drv_floatSaved
#endif
#ifndef __drv_floatUsed
#define __drv_floatUsed
#endif
#ifndef __drv_formatString
#define __drv_formatString(k)
#endif
#ifndef __drv_freesMem
#define __drv_freesMem(k)
#endif
#ifndef __drv_functionClass
#define __drv_functionClass(x)
#endif
#ifndef __drv_in
#define __drv_in(a)
#endif
#ifndef __drv_inTry
#define __drv_inTry
#endif
#ifndef __drv_in_deref
#define __drv_in_deref(x)
#endif
#ifndef __drv_innerMustHoldGlobal
#define __drv_innerMustHoldGlobal(k,p)
#endif
#ifndef __drv_innerNeverHoldGlobal
#define __drv_innerNeverHoldGlobal(k,p)
#endif
#ifndef __drv_inout
#define __drv_inout
#endif
#ifndef __drv_interlocked
#define __drv_interlocked
#endif
#ifndef __drv_isObjectPointer
#define __drv_isObjectPointer
#endif
#ifndef __drv_maxFunctionIRQL
#define __drv_maxFunctionIRQL(x)
#endif
#ifndef __drv_maxIRQL
#define __drv_maxIRQL(x)
#endif
#ifndef __drv_minFunctionIRQL
#define __drv_minFunctionIRQL(x)
#endif
#ifndef __drv_minIRQL
#define __drv_minIRQL(x)
#endif
#ifndef __drv_mustHold
#define __drv_mustHold(k)
#endif
#ifndef __drv_mustHoldCancelSpinLock
#define __drv_mustHoldCancelSpinLock
#endif
#ifndef __drv_mustHoldCriticalRegion
#define __drv_mustHoldCriticalRegion
#endif
#ifndef __drv_mustHoldGlobal
#define __drv_mustHoldGlobal(k,p)
#endif
#ifndef __drv_neverHold
#define __drv_neverHold(k)
#endif
#ifndef __drv_neverHoldCancelSpinLock
#define __drv_neverHoldCancelSpinLock
#endif
#ifndef __drv_neverHoldCriticalRegion
#define __drv_neverHoldCriticalRegion
#endif
#ifndef __drv_neverHoldGlobal
#define __drv_neverHoldGlobal(k,p)
#endif
#ifndef __drv_nonConstant
#define __drv_nonConstant
#endif
#ifndef __drv_notInTry
#define __drv_notInTry
#endif
#ifndef __drv_out
#define __drv_out(x)
#endif
#ifndef __drv_out_deref
#define __drv_out_deref(x)
#endif
#ifndef __drv_preferredFunction
#define __drv_preferredFunction(f,r)
#endif
#ifndef __drv_raisesIRQL
#define __drv_raisesIRQL(x)
#endif
#ifndef __drv_releasesCancelSpinLock
#define __drv_releasesCancelSpinLock
#endif
#ifndef __drv_releasesCriticalRegion
#define __drv_releasesCriticalRegion
#endif
#ifndef __drv_releasesPriorityRegion
#define __drv_releasesPriorityRegion
#endif
#ifndef __drv_releasesResource
#define __drv_releasesResource(k)
#endif
#ifndef __drv_releasesResourceGlobal
#define __drv_releasesResourceGlobal(k,p)
#endif
#ifndef __drv_reportError
#define __drv_reportError(w)
#endif
#ifndef __drv_requiresIRQL
#define __drv_requiresIRQL(x)
#endif
#ifndef __drv_requiresIRQLGlobal
#define __drv_requiresIRQLGlobal(k,p)
#endif
#ifndef __drv_restoresIRQL
#define __drv_restoresIRQL
#endif
#ifndef __drv_restoresIRQLGlobal
#define __drv_restoresIRQLGlobal(k,p)
#endif
#ifndef __drv_sameIRQL
#define __drv_sameIRQL
#endif
#ifndef __drv_savesIRQL
#define __drv_savesIRQL
#endif
#ifndef __drv_savesIRQLGlobal
#define __drv_savesIRQLGlobal(k,p)
#endif
#ifndef __drv_setsIRQL
#define __drv_setsIRQL(x)
#endif
#ifndef __drv_strictType
#define __drv_strictType(t,m)
#endif
#ifndef __drv_strictTypeMatch
#define __drv_strictTypeMatch(m)
#endif
#ifndef __drv_typeBitset
#define __drv_typeBitset
#endif
#ifndef __drv_typeCond
#define __drv_typeCond
#endif
#ifndef __drv_typeConst
#define __drv_typeConst
#endif
#ifndef __drv_typeExpr
#define __drv_typeExpr
#endif
#ifndef __drv_useCancelIRQL
#define __drv_useCancelIRQL
#endif
#ifndef __drv_valueIs
#define __drv_valueIs(x)
#endif
#ifndef __drv_when
#define __drv_when(c,a)
#endif
#ifndef __field_bcount
#define __field_bcount(s)
#endif
#ifndef __field_ecount
#define __field_ecount(s)
#endif
#ifndef __format_string
#define __format_string
#endif
#ifndef __in
#define __in
#endif
#ifndef __in_bcount
#define __in_bcount(size)
#endif
#ifndef __in_bcount_nz
#define __in_bcount_nz(size)
#endif
#ifndef __in_bcount_opt
#define __in_bcount_opt(s)
#endif
#ifndef __in_bcount_z
#define __in_bcount_z(size)
#endif
#ifndef __in_ecount
#define __in_ecount(size)
#endif
#ifndef __in_ecount_nz
#define __in_ecount_nz(size)
#endif
#ifndef __in_ecount_opt
#define __in_ecount_opt(s)
#endif
#ifndef __in_ecount_z
#define __in_ecount_z(size)
#endif
#ifndef __in_opt
#define __in_opt
#endif
#ifndef __in_opt_z
#define __in_opt_z
#endif
#ifndef __in_z
#define __in_z
#endif
#ifndef __inout
#define __inout
#endif
#ifndef __inout_bcount
#define __inout_bcount(s)
#endif
#ifndef __inout_bcount_full
#define __inout_bcount_full(size)
#endif
#ifndef __inout_bcount_nz
#define __inout_bcount_nz(size)
#endif
#ifndef __inout_bcount_part
#define __inout_bcount_part(s,c)
#endif
#ifndef __inout_bcount_z
#define __inout_bcount_z(size)
#endif
#ifndef __inout_ecount
#define __inout_ecount(size)
#endif
#ifndef __inout_ecount_full
#define __inout_ecount_full(size)
#endif
#ifndef __inout_ecount_nz
#define __inout_ecount_nz(size)
#endif
#ifndef __inout_ecount_part
#define __inout_ecount_part(size,length)
#endif
#ifndef __inout_ecount_z
#define __inout_ecount_z(size)
#endif
#ifndef __inout_opt
#define __inout_opt
#endif
#ifndef __internal_kernel_driver
#define __internal_kernel_driver
#endif
#ifndef __nullterminated
#define __nullterminated
#endif
#ifndef __out
#define __out
#endif
#ifndef __out_bcount
#define __out_bcount(s)
#endif
#ifndef __out_bcount_full
#define __out_bcount_full(s)
#endif
#ifndef __out_bcount_full_z
#define __out_bcount_full_z(size)
#endif
#ifndef __out_bcount_nz
#define __out_bcount_nz(size)
#endif
#ifndef __out_bcount_opt
#define __out_bcount_opt(s)
#endif
#ifndef __out_bcount_part
#define __out_bcount_part(s,c)
#endif
#ifndef __out_bcount_part_z
#define __out_bcount_part_z(size,length)
#endif
#ifndef __out_bcount_z
#define __out_bcount_z(size)
#endif
#ifndef __out_ecount
#define __out_ecount(s)
#endif
#ifndef __out_ecount_full
#define __out_ecount_full(s)
#endif
#ifndef __out_ecount_full_z
#define __out_ecount_full_z(size)
#endif
#ifndef __out_ecount_nz
#define __out_ecount_nz(size)
#endif
#ifndef __out_ecount_opt
#define __out_ecount_opt(s)
#endif
#ifndef __out_ecount_part
#define __out_ecount_part(size,length)
#endif
#ifndef __out_ecount_part_z
#define __out_ecount_part_z(size,length)
#endif
#ifndef __out_ecount_z
#define __out_ecount_z(size)
#endif
#ifndef __out_opt
#define __out_opt
#endif
#ifndef __out_z
#define __out_z
#endif
#ifndef __range
#define __range(l,h)
#endif
#ifndef __reserved
#define __reserved
#endif
#ifndef __success
#define __success(e)
#endif
#ifndef __typefix
#define __typefix(t)
#endif

#endif /* WMISIM_WDK_SAL_H */
