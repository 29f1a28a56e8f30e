// CAllocator is header-only (include/CAllocator.h); SwiftPM needs one source file in a C target.
#include "CAllocator.h"
