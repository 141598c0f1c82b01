// <immintrin.h> for the AVX-512 kernel files (*_avx512.cc), which include this
// first. GCC 12's AVX-512 intrinsic headers self-initialise their "undefined"
// operands, which trips -Wuninitialized and -Wmaybe-uninitialized once
// inlined (a compiler false positive, GCC bug 105593); the warnings are off
// for the rest of such a file.
#pragma once

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>
