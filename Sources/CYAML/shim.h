#ifndef LADDER_CYAML_SHIM_H
#define LADDER_CYAML_SHIM_H
#include <yaml.h>
#endif
