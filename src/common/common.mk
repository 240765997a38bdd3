# SPDX-License-Identifier: GPL-2.0
# The DIF instruction set, interpreter, verifier and disassembler
# (included from the top-level Makefile.am).  dif_vm.c and dif_verify.c
# are also compiled into dtrace.ko by kbuild.
libdtrace_la_SOURCES += \
	src/common/dtrace_types.h \
	src/common/dif.h \
	src/common/dif_vm.h \
	src/common/dif_vm.c \
	src/common/dif_verify.c \
	src/common/dif_vartab.c \
	src/common/dif_dynvar.h \
	src/common/dif_dynvar.c \
	src/common/dif_atomic.h \
	src/libdtrace/dt_dis.h \
	src/libdtrace/dt_dis.c

# The VM tests link the sources directly, not libdtrace, so that they
# depend on nothing else.  Per-target CPPFLAGS give their objects names
# of their own, apart from the library's libtool objects.
dif_test_sources = \
	tests/unit/test_harness.h \
	src/common/dif_vm.c \
	src/common/dif_verify.c \
	src/common/dif_vartab.c \
	src/common/dif_dynvar.c \
	src/libdtrace/dt_dis.c

check_PROGRAMS += tests/unit/test_dif_vm tests/unit/test_dif_verify \
	tests/unit/test_dif_vars
TESTS += tests/unit/test_dif_vm tests/unit/test_dif_verify \
	tests/unit/test_dif_vars
tests_unit_test_dif_vm_SOURCES = tests/unit/test_dif_vm.c $(dif_test_sources)
tests_unit_test_dif_vm_CPPFLAGS = $(AM_CPPFLAGS)
tests_unit_test_dif_verify_SOURCES = tests/unit/test_dif_verify.c \
	$(dif_test_sources)
tests_unit_test_dif_verify_CPPFLAGS = $(AM_CPPFLAGS)
# Variables, the dynamic-variable store (with a multi-threaded stress
# test) and the new subroutines.
tests_unit_test_dif_vars_SOURCES = tests/unit/test_dif_vars.c \
	$(dif_test_sources)
tests_unit_test_dif_vars_CPPFLAGS = $(AM_CPPFLAGS)
tests_unit_test_dif_vars_CFLAGS = $(AM_CFLAGS) -pthread
tests_unit_test_dif_vars_LDFLAGS = -pthread

# The ENABLE blob of compiled programs, checked as dtrace.ko checks it.
check_PROGRAMS += tests/unit/test_enable
TESTS += tests/unit/test_enable
tests_unit_test_enable_SOURCES = tests/unit/test_enable.c
tests_unit_test_enable_LDADD = src/libdtrace/libdtrace.la
