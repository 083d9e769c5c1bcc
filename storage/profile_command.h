// `interec profile ACTION`: what is kept about one user, and the store's
// upkeep.
//   show|export|delete --user CHANNEL:USER   one user's profile (export adds
//                                            the dialogue log; delete erases)
//   export-dialogs (--user CHANNEL:USER | --all) --out FILE
//                                            the dialogue log as ReDial jsonl
//   rebind --data DIR                        bind the store to DIR's dataset
//                                            (the same items prepared again)
//   repair                                   rebuild a damaged store in place
//   backup --to DIR                          add a verified backup
//   restore --from DIR [--backup N]          return to a backup
// Every action takes the store as --state DIR or --data DIR (DIR/profiles).
#pragma once

namespace interec {

/// argv[1] is "profile". Returns the exit code; throws UsageError on bad
/// arguments and ProfileStoreError when the store cannot be used.
int profile_command(int argc, char** argv);

}  // namespace interec
