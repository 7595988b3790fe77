# shellcheck shell=sh
# write_utmp_login USER LINE HOST: prints one glibc x86_64 `struct utmp`
# record (384 bytes, little-endian) of type USER_PROCESS, so getutxent()
# readers (qemu-ga's guest-get-users, `who`) see a logged-in user.
# Layout (glibc bits/utmp.h, x86_64): ut_type i16, pad 2, ut_pid i32,
# ut_line[32], ut_id[4], ut_user[32], ut_host[256], ut_exit 2*i16,
# ut_session i32, ut_tv {i32 sec, i32 usec}, ut_addr_v6 4*i32, unused[20].

le32() {
  printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)))"
}
# fixed-size NUL-padded field (the strings here are short ASCII)
field() {
  printf '%s' "$1"
  head -c $(($2 - ${#1})) /dev/zero
}
write_utmp_login() {
  user=$1 line=$2 host=$3
  printf '\007\000\000\000'            # ut_type = USER_PROCESS (7) + padding
  le32 1                               # ut_pid
  field "$line" 32
  field "${line#"${line%????}"}" 4       # ut_id: the line's last 4 chars, as sshd does
  field "$user" 32
  field "$host" 256
  head -c 4 /dev/zero                  # ut_exit
  le32 1                               # ut_session
  le32 "$(date +%s)"                   # ut_tv.tv_sec
  le32 0                               # ut_tv.tv_usec
  # ut_addr_v6: 192.0.2.1 in network byte order in the first word
  printf '\300\000\002\001'
  head -c 12 /dev/zero
  head -c 20 /dev/zero                 # __glibc_reserved
}
