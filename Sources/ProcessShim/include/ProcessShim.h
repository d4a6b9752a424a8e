// C helpers for the process tier that Swift cannot express directly: descriptor
// passing (SCM_RIGHTS control messages), sealed memory files, process-control
// calls and the wait-status macros. Each helper wraps one system idiom.
#ifndef PROCESSSHIM_H
#define PROCESSSHIM_H

#include <stddef.h>
#include <sys/types.h>

#endif
