/*
 * replay.c - run a fuzz target over every file of its corpus, so that the
 * corpus is replayed by the normal test suite (OpenSSL test-corpus.c idea)
 *
 * usage: replay_<target> DIR...   (exit 0 when every input ran)
 */
#include <dirent.h>
#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
replay_file(const char *path)
{
	FILE *f;
	uint8_t *buf;
	long n;

	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return -1;
	}
	if ((buf = malloc(n > 0 ? (size_t)n : 1)) == NULL ||
	    fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct dirent *de;
	struct stat st;
	char path[4096];
	DIR *d;
	int i, count = 0;

	for (i = 1; i < argc; i++) {
		if ((d = opendir(argv[i])) == NULL)
			err(1, "%s", argv[i]);
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			if ((size_t)snprintf(path, sizeof(path), "%s/%s",
			    argv[i], de->d_name) >= sizeof(path))
				errx(1, "%s: path too long", de->d_name);
			if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
				continue;
			if (replay_file(path) != 0)
				err(1, "%s", path);
			count++;
		}
		closedir(d);
	}
	if (count == 0)
		errx(1, "empty corpus");
	printf("%d inputs replayed\n", count);
	return 0;
}
