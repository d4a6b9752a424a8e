#include "ProcessShim.h"
