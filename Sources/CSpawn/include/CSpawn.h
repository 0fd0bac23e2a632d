#ifndef CATALOG_CSPAWN_H
#define CATALOG_CSPAWN_H

#include <spawn.h>


/// Adds "close every descriptor from `lowest` up" to `actions`, applied in the child just
/// before exec (glibc 2.34's posix_spawn_file_actions_addclosefrom_np, which Swift's Glibc
/// module does not expose). Unlike a list of descriptors to close, it also covers those another
/// thread opens while the child is being set up.
int catalog_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int lowest);

/// pipe2(fds, O_CLOEXEC), which Swift's Glibc module does not expose either: both ends are
/// created close-on-exec at once, so no program another thread starts meanwhile inherits them.
int catalog_pipe_cloexec(int fds[2]);

#endif
