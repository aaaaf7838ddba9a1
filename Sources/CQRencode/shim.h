#ifndef CARTAGENA_CQRENCODE_SHIM_H
#define CARTAGENA_CQRENCODE_SHIM_H
#include <qrencode.h>
#endif
