// Moved to @ga/native/libc; this path stays only until the open guest-os branches are merged.
export * from '@ga/native/libc';
