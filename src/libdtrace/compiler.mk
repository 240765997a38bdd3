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
	src/libdtrace/dt_types.c \
	src/libdtrace/dt_decl.h \
	src/libdtrace/dt_decl.c \
	src/libdtrace/dt_sema.h \
	src/libdtrace/dt_sema.c \
	src/libdtrace/dt_sema_expr.c \
	src/libdtrace/dt_sema_ptr.c \
	src/libdtrace/dt_builtins.c \
	src/libdtrace/dt_sema_agg.c \
	src/libdtrace/dt_sema_aggact.c \
	src/libdtrace/dt_sema_act.c \
	src/libdtrace/dt_vars.c \
	src/libdtrace/dt_printf_check.h \
	src/libdtrace/dt_printf_check.c \
	src/libdtrace/dt_cg.h \
	src/libdtrace/dt_cg_impl.h \
	src/libdtrace/dt_cg.c \
	src/libdtrace/dt_cg_var.c \
	src/libdtrace/dt_cg_mem.c \
	src/libdtrace/dt_compile.c

# The lexer includes the parser's token header.
BUILT_SOURCES += src/libdtrace/dt_grammar.h

# Structure and error messages of compiled programs.
check_PROGRAMS += tests/unit/test_compile
TESTS += tests/unit/test_compile
tests_unit_test_compile_SOURCES = tests/unit/test_compile.c \
	tests/unit/compile_check.h
tests_unit_test_compile_LDADD = src/libdtrace/libdtrace.la

# Compiled DIF run through the verifier and the interpreter.
check_PROGRAMS += tests/unit/test_compile_run
TESTS += tests/unit/test_compile_run
tests_unit_test_compile_run_SOURCES = tests/unit/test_compile_run.c
tests_unit_test_compile_run_LDADD = src/libdtrace/libdtrace.la

# Statements, variables, declarations, pragmas, aggregation actions and
# types: structure and every error.
check_PROGRAMS += tests/unit/test_compile_lang
TESTS += tests/unit/test_compile_lang
tests_unit_test_compile_lang_SOURCES = tests/unit/test_compile_lang.c \
	tests/unit/compile_check.h
tests_unit_test_compile_lang_LDADD = src/libdtrace/libdtrace.la

# Compiled programs with variables run against their variable table.
check_PROGRAMS += tests/unit/test_compile_vars
TESTS += tests/unit/test_compile_vars
tests_unit_test_compile_vars_SOURCES = tests/unit/test_compile_vars.c
tests_unit_test_compile_vars_LDADD = src/libdtrace/libdtrace.la

# configure requires bison, run as "bison -y": its POSIX-yacc warnings
# about %code, %define and %empty are expected.
AM_YFLAGS += -Wno-yacc
