// Moved to @ga/native/errno; this path stays only until the open guest-os branches are merged.
export * from '@ga/native/errno';
