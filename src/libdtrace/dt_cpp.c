// SPDX-License-Identifier: GPL-2.0
/*
 * -C: run the system's C preprocessor over a script, as illumos
 * dt_preproc() runs cpp(1): the "#!" line blanked, the script's -D, -U
 * and -I options (in order), the D macros illumos defines (__SUNW_D and
 * its version) and none of the compiler's own (-undef: "linux" and
 * "unix" stay identifiers).  cpp's "# N file" line markers are turned
 * into a map from each output line to the script (or header) line it
 * came from, so that compiler errors name the right file and line.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dt_consumer.h"

/* D 1.13, as illumos encodes versions: major << 24 | minor << 12. */
#define DT_D_VERSION	"0x0100d000"

void dt_linemap_free(struct dt_linemap *map)
{
	int i;

	for (i = 0; i < map->nfiles; i++)
		free(map->files[i]);
	free(map->files);
	free(map->line);
	free(map->file);
	memset(map, 0, sizeof(*map));
}

static int dt_linemap_add(struct dt_linemap *map, const char *file, int line)
{
	int i;

	if (map->n % 256 == 0) {
		int *nl = realloc(map->line, (map->n + 256) * sizeof(*nl));
		const char **nf;

		if (!nl)
			return -1;
		map->line = nl;
		nf = realloc(map->file, (map->n + 256) * sizeof(*nf));
		if (!nf)
			return -1;
		map->file = nf;
	}
	for (i = 0; i < map->nfiles && strcmp(map->files[i], file); i++)
		;
	if (i == map->nfiles) {
		char **nf = realloc(map->files, (i + 1) * sizeof(*nf));

		if (!nf)
			return -1;
		map->files = nf;
		nf[i] = strdup(file);
		if (!nf[i])
			return -1;
		map->nfiles++;
	}
	map->line[map->n] = line;
	map->file[map->n] = map->files[i];
	map->n++;
	return 0;
}

/* Keep ordinary lines; turn markers into the map (and blank lines). */
static char *dt_cpp_lines(const char *out, const char *name,
			  struct dt_linemap *map)
{
	char *res = malloc(strlen(out) + 1), *o = res, file[1024];
	const char *p = out;
	int line = 1;

	if (!res)
		return NULL;
	snprintf(file, sizeof(file), "%s", name);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		int ln;

		if (p[0] == '#' && sscanf(p, "# %d \"%1023[^\"]\"", &ln,
					  file) >= 1) {
			line = ln;
		} else {
			memcpy(o, p, n);
			o += n;
			*o++ = '\n';
			if (dt_linemap_add(map, file, line) < 0) {
				free(res);
				return NULL;
			}
			line++;
		}
		p += n + (nl != NULL);
	}
	*o = '\0';
	return res;
}

static int dt_cpp_exec(const struct dt_opts *o, const char *path,
		       const char *quotedir, char **out, char *err,
		       size_t errlen)
{
	const char *cpp = o->cpppath ? o->cpppath : "cpp";
	const char **argv = calloc(o->ncppargs + 10, sizeof(*argv));
	int pfd[2], status, i, n = 0;
	size_t len = 0, cap = 0;
	char *buf = NULL;
	pid_t pid;

	if (!argv || pipe(pfd) < 0) {
		free(argv);
		snprintf(err, errlen, "Failed to fork preprocessor");
		return -1;
	}
	argv[n++] = cpp;
	argv[n++] = "-undef";
	argv[n++] = "-D__SUNW_D=1";
	argv[n++] = "-D__SUNW_D_VERSION=" DT_D_VERSION;
	argv[n++] = "-D__linux__";
	for (i = 0; i < o->ncppargs; i++)
		argv[n++] = o->cppargs[i];
	/* We run cpp on a copy: #include "x" still means the script's dir. */
	argv[n++] = "-iquote";
	argv[n++] = quotedir;
	argv[n++] = path;
	argv[n] = NULL;
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		free(argv);
		snprintf(err, errlen, "Failed to fork preprocessor");
		return -1;
	}
	if (pid == 0) {
		dup2(pfd[1], 1);
		close(pfd[0]);
		close(pfd[1]);
		execvp(cpp, (char *const *)argv);
		_exit(errno == ENOENT ? 126 : 127);
	}
	free(argv);
	close(pfd[1]);
	for (;;) {
		ssize_t r;

		if (cap - len < 4096) {
			char *nb = realloc(buf, cap ? cap * 2 : 65536);

			if (!nb)
				break;
			buf = nb;
			cap = cap ? cap * 2 : 65536;
		}
		r = read(pfd[0], buf + len, cap - len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!buf || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		free(buf);
		snprintf(err, errlen, WIFEXITED(status) &&
			 WEXITSTATUS(status) == 126 ? "Preprocessor not found" :
			 "Preprocessor failed to process input program");
		return -1;
	}
	buf[len] = '\0';
	*out = buf;
	return 0;
}

int dt_cpp(const struct dt_opts *o, const char *name, const char *text,
	   char **out, struct dt_linemap *map, char *err, size_t errlen)
{
	char path[] = "/tmp/dtrace-cpp-XXXXXX", *dir = strdup(name), *slash;
	size_t n = strlen(text), off = 0;
	char *raw = NULL;
	int fd, rc;

	if (!dir) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	slash = strrchr(dir, '/');
	if (slash)
		slash[slash == dir] = '\0';
	else
		strcpy(dir, ".");

	memset(map, 0, sizeof(*map));
	fd = mkstemp(path);
	if (fd < 0) {
		free(dir);
		snprintf(err, errlen, "Failed to fork preprocessor");
		return -1;
	}
	/*
	 * cpp refuses "#!": the line's text goes, its newline stays, so the
	 * marker's "line 1" and every later number are still right.
	 */
	if (!strncmp(text, "#!", 2))
		off = strcspn(text, "\n");
	rc = dprintf(fd, "# 1 \"%s\"\n", name) < 0 ||
	     write(fd, text + off, n - off) != (ssize_t)(n - off) ? -1 : 0;
	close(fd);
	if (rc == 0)
		rc = dt_cpp_exec(o, path, dir, &raw, err, errlen);
	unlink(path);
	free(dir);
	if (rc < 0)
		return -1;
	*out = dt_cpp_lines(raw, name, map);
	free(raw);
	if (!*out) {
		dt_linemap_free(map);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}
