# SPDX-License-Identifier: GPL-2.0
# The D compiler half of libdtrace (included from the top-level
# Makefile.am): flex lexer, bison parser, AST, semantic pass, DIF code
# generator, dt_compile().
libdtrace_la_SOURCES += \
	src/libdtrace/dt_program.h \
	src/libdtrace/dt_parse.h \
	src/libdtrace/dt_ast.h \
	src/libdtrace/dt_ast.c \
	src/libdtrace/dt_lex.l \
	src/libdtrace/dt_grammar.y \
	src/libdtrace/dt_sema.c \
	src/libdtrace/dt_printf_check.h \
	src/libdtrace/dt_printf_check.c \
	src/libdtrace/dt_cg.h \
	src/libdtrace/dt_cg.c \
	src/libdtrace/dt_compile.c

# The lexer includes the parser's token header.
BUILT_SOURCES += src/libdtrace/dt_grammar.h

# Structure and error messages of compiled programs.
check_PROGRAMS += tests/unit/test_compile
TESTS += tests/unit/test_compile
tests_unit_test_compile_SOURCES = tests/unit/test_compile.c
tests_unit_test_compile_LDADD = src/libdtrace/libdtrace.la

# Compiled DIF run through the verifier and the interpreter.
check_PROGRAMS += tests/unit/test_compile_run
TESTS += tests/unit/test_compile_run
tests_unit_test_compile_run_SOURCES = tests/unit/test_compile_run.c
tests_unit_test_compile_run_LDADD = src/libdtrace/libdtrace.la

# configure requires bison, run as "bison -y": its POSIX-yacc warnings
# about %code, %define and %empty are expected.
AM_YFLAGS += -Wno-yacc
