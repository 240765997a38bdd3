# SPDX-License-Identifier: GPL-2.0
# The dtrace command (included from the top-level Makefile.am).
bin_PROGRAMS += src/cmd/dtrace
src_cmd_dtrace_SOURCES = src/cmd/dtrace.c src/cmd/dtrace_cmd.h \
	src/cmd/dtrace_src.c src/cmd/dtrace_run.c
src_cmd_dtrace_LDADD = src/libdtrace/libdtrace.la
dist_man_MANS = man/dtrace.1
