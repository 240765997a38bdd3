# SPDX-License-Identifier: GPL-2.0
# The consumer half of libdtrace (included from the top-level Makefile.am).
libdtrace_la_SOURCES += \
	src/libdtrace/dt_consumer.h \
	src/libdtrace/dt_open.c \
	src/libdtrace/dt_probes.c \
	src/libdtrace/dt_enable.c \
	src/libdtrace/dt_consume.c \
	src/libdtrace/dt_printf.c \
	src/libdtrace/dt_aggregate.c \
	src/libdtrace/dt_check.c

# Formatting, aggregation and probe matching, without a device.
check_PROGRAMS += tests/unit/test_consume
TESTS += tests/unit/test_consume
tests_unit_test_consume_SOURCES = tests/unit/test_consume.c
tests_unit_test_consume_LDADD = src/libdtrace/libdtrace.la

# dtrace --check output, from a made-up DTRACEIOC_CHECK answer.
check_PROGRAMS += tests/unit/test_check
TESTS += tests/unit/test_check
tests_unit_test_check_SOURCES = tests/unit/test_check.c
tests_unit_test_check_LDADD = src/libdtrace/libdtrace.la

# quantize(), stddev() ...: the firing-path arithmetic and the printing.
check_PROGRAMS += tests/unit/test_aggfn
TESTS += tests/unit/test_aggfn
tests_unit_test_aggfn_SOURCES = tests/unit/test_aggfn.c
tests_unit_test_aggfn_LDADD = src/libdtrace/libdtrace.la
