// libsystemd's notify and journal APIs (Debian: libsystemd-dev). The location macros of
// sd-journal.h are not used: catalogd sends CODE_FILE/CODE_LINE/CODE_FUNC itself.
#define SD_JOURNAL_SUPPRESS_LOCATION
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
#include <sys/uio.h>
