// The wrappers are static inline in include/CSystemShim.h; a C target needs one source file.
#include "CSystemShim.h"
