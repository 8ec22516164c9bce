/* Runs UniKey's own charset converter (VnFileConvert, exported by Debian's
 * ibus-engine-unikey) on one file, so the tests decode legacy texts made by an
 * engine that is not ours. Preloaded into the engine: main() calls
 * g_option_context_new after the engine's static tables are built, and this
 * definition converts instead and exits before anything touches IBus.
 * Environment: UK_FROM, UK_TO (UniKey charset numbers), UK_IN, UK_OUT. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef int (*vn_file_convert)(int, int, const char *, const char *);

void *g_option_context_new(const char *parameter_string) {
    (void)parameter_string;
    vn_file_convert convert = (vn_file_convert)dlsym(RTLD_DEFAULT, "VnFileConvert");
    const char *from = getenv("UK_FROM"), *to = getenv("UK_TO"), *in = getenv("UK_IN"), *out = getenv("UK_OUT");
    if (!convert || !from || !to || !in || !out) {
        fprintf(stderr, "unikey-convert: VnFileConvert not found or UK_* variables missing\n");
        _exit(3);
    }
    int rc = convert(atoi(from), atoi(to), in, out);
    if (rc != 0) fprintf(stderr, "unikey-convert: VnFileConvert returned %d\n", rc);
    _exit(rc == 0 ? 0 : 4);
}
