#ifndef FUNDLEDGER_CLIBPQ_SHIM_H
#define FUNDLEDGER_CLIBPQ_SHIM_H
// libpq's public header. Debian installs it under /usr/include/postgresql, which pkg-config reports.
#include <libpq-fe.h>
#endif
