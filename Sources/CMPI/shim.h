#ifndef REASONINGROUTER_CMPI_SHIM_H
#define REASONINGROUTER_CMPI_SHIM_H
// OpenMPI (Debian: libopenmpi-dev, pkg-config `ompi-c`).
// OpenMPI's handles are macros over global structs, which Swift cannot import:
// each one is exposed through a `static inline` getter below.
#include <mpi.h>

static inline MPI_Comm rr_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Comm rr_mpi_comm_null(void) { return MPI_COMM_NULL; }
static inline MPI_Datatype rr_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype rr_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype rr_mpi_int32(void) { return MPI_INT32_T; }
static inline MPI_Datatype rr_mpi_int64(void) { return MPI_INT64_T; }
static inline MPI_Datatype rr_mpi_uint8(void) { return MPI_UINT8_T; }
static inline MPI_Datatype rr_mpi_uint64(void) { return MPI_UINT64_T; }
static inline MPI_Datatype rr_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Op rr_mpi_op_sum(void) { return MPI_SUM; }
static inline MPI_Op rr_mpi_op_max(void) { return MPI_MAX; }
static inline MPI_Op rr_mpi_op_min(void) { return MPI_MIN; }
static inline void *rr_mpi_in_place(void) { return MPI_IN_PLACE; }
static inline MPI_Request rr_mpi_request_null(void) { return MPI_REQUEST_NULL; }
static inline MPI_Status *rr_mpi_status_ignore(void) { return MPI_STATUS_IGNORE; }
static inline MPI_Errhandler rr_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }
static inline int rr_mpi_success(void) { return MPI_SUCCESS; }
static inline int rr_mpi_thread_funneled(void) { return MPI_THREAD_FUNNELED; }
static inline int rr_mpi_max_processor_name(void) { return MPI_MAX_PROCESSOR_NAME; }
static inline int rr_mpi_comm_type_shared(void) { return MPI_COMM_TYPE_SHARED; }
static inline MPI_Info rr_mpi_info_null(void) { return MPI_INFO_NULL; }
static inline int rr_mpi_thread_serialized(void) { return MPI_THREAD_SERIALIZED; }
static inline int rr_mpi_max_error_string(void) { return MPI_MAX_ERROR_STRING; }
static inline MPI_Errhandler rr_mpi_errors_are_fatal(void) { return MPI_ERRORS_ARE_FATAL; }
// MPI-3 shared-memory windows (a node-shared embedding table).
static inline MPI_Win rr_mpi_win_null(void) { return MPI_WIN_NULL; }
static inline int rr_mpi_mode_nocheck(void) { return MPI_MODE_NOCHECK; }
// Process CPU affinity (MPIRuntime.releaseDefaultCoreBinding): sched_setaffinity needs _GNU_SOURCE, which the
// Swift Glibc module is not built with, so the system call is made here. Lets the calling thread run on CPUs
// 0..<ncpu (the kernel keeps it within the job's cpuset); returns 0 or -1.
#include <unistd.h>
#include <sys/syscall.h>
static inline int rr_allow_all_cpus(int ncpu) {
    unsigned long mask[16] = {0};
    for (int c = 0; c < ncpu && c < 1024; c++) mask[c / 64] |= 1UL << (c % 64);
    return (int)syscall(SYS_sched_setaffinity, 0, sizeof(mask), mask);
}
// TCP_NODELAY for the TCP sockets MPI_Init opens (MPIRuntime.disableNagleOnTCPSockets): OpenMPI's PMIx client talks
// to mpirun (or orted) over a loopback TCP socket without TCP_NODELAY, and the fence in MPI_Finalize then waits for
// the peer's delayed ACK, 40 ms per job. Sets the option on `fd` if it is an IPv4/IPv6 stream socket; returns 1 when
// set, 0 when `fd` is no TCP socket.
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
static inline int rr_tcp_nodelay_set(int fd) {
    int type = 0; socklen_t len = sizeof(type);
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0 || type != SOCK_STREAM) return 0;
    struct sockaddr_storage addr; socklen_t alen = sizeof(addr);
    if (getsockname(fd, (struct sockaddr *)&addr, &alen) != 0) return 0;
    if (addr.ss_family != AF_INET && addr.ss_family != AF_INET6) return 0;
    int one = 1;
    return setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) == 0;
}
// Whether TCP_NODELAY is set on fd: 1, 0, or -1 when fd is not a TCP socket (tests).
static inline int rr_tcp_nodelay_get(int fd) {
    int v = 0; socklen_t len = sizeof(v);
    return getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, &len) == 0 ? (v != 0) : -1;
}
#endif
