// CPUHints is header-only (include/CPUHints.h); SwiftPM needs one source file in a C target.
#include "CPUHints.h"
