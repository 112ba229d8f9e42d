#ifndef MODELBIND_CYAML_SHIM_H
#define MODELBIND_CYAML_SHIM_H
#include <yaml.h>
#endif
