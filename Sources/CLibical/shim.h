#ifndef CARTAGENA_CLIBICAL_SHIM_H
#define CARTAGENA_CLIBICAL_SHIM_H
#include <libical/ical.h>
#endif
