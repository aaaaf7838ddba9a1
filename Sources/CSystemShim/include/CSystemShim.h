// glibc functions that Swift's Glibc module does not export (they need _GNU_SOURCE), wrapped
// once as static inline functions so that Swift calls them directly instead of through dlsym.
#ifndef CSYSTEMSHIM_H
#define CSYSTEMSHIM_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#if defined(__linux__)
#include <malloc.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

/// renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_EXCHANGE): swaps two paths atomically.
/// Returns 0, or -1 with errno (ENOSYS where the kernel or C library lacks it, EINVAL where the
/// file system does not support it).
static inline int cs_rename_exchange(const char *from, const char *to) {
#if defined(__linux__) && defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, 2u /* RENAME_EXCHANGE */);
#else
    (void)from; (void)to;
    errno = ENOSYS;
    return -1;
#endif
}

/// malloc_trim(0): gives freed heap pages back to the system (glibc); 0 elsewhere.
static inline int cs_malloc_trim(void) {
#if defined(__linux__) && defined(__GLIBC__)
    return malloc_trim(0);
#else
    return 0;
#endif
}

#endif
