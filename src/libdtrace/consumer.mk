# SPDX-License-Identifier: GPL-2.0
# The consumer half of libdtrace (included from the top-level Makefile.am).
libdtrace_la_SOURCES += \
	src/libdtrace/dt_consumer.h \
	src/libdtrace/dt_open.c \
	src/libdtrace/dt_probes.c \
	src/libdtrace/dt_enable.c \
	src/libdtrace/dt_options.c \
	src/libdtrace/dt_consume.c \
	src/libdtrace/dt_record.c \
	src/libdtrace/dt_printf.c \
	src/libdtrace/dt_pfconv.c \
	src/libdtrace/dt_trace.c \
	src/libdtrace/dt_ksyms.c \
	src/libdtrace/dt_symprint.c \
	src/libdtrace/dt_aggregate.c \
	src/libdtrace/dt_aggsort.c \
	src/libdtrace/dt_aggprint.c \
	src/libdtrace/dt_quantize.c \
	src/libdtrace/dt_macro.c \
	src/libdtrace/dt_cpp.c \
	src/libdtrace/dt_proc.c \
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

# printa(), trunc(), clear(), normalize(), aggsort*, error records, drops,
# setopt() and flowindent: the consumer's actions and records.
check_PROGRAMS += tests/unit/test_printa
TESTS += tests/unit/test_printa
tests_unit_test_printa_SOURCES = tests/unit/test_printa.c
tests_unit_test_printa_LDADD = src/libdtrace/libdtrace.la

# Options, macro arguments and cpp (dtrace -x, $1, -C), without a device.
check_PROGRAMS += tests/unit/test_options
TESTS += tests/unit/test_options
tests_unit_test_options_SOURCES = tests/unit/test_options.c
tests_unit_test_options_LDADD = src/libdtrace/libdtrace.la

# Compiler and consumer together: tests/d/aggact programs, the kernel's
# snapshots and records made by hand, illumos' output expected.
check_PROGRAMS += tests/unit/test_replay
TESTS += tests/unit/test_replay
tests_unit_test_replay_SOURCES = tests/unit/test_replay.c
tests_unit_test_replay_LDADD = src/libdtrace/libdtrace.la
