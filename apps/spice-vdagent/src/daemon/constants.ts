/** Protocol constants the daemon uses beyond the message table (vd_agent.h). */

export const VD_AGENT_SUCCESS = 1;
export const VD_AGENT_ERROR = 2;

export const FILE_XFER_STATUS = {
  CAN_SEND_DATA: 0,
  CANCELLED: 1,
  ERROR: 2,
  SUCCESS: 3,
  NOT_ENOUGH_SPACE: 4,
  SESSION_LOCKED: 5,
  VDAGENT_NOT_CONNECTED: 6,
  DISABLED: 7,
} as const;

/** VD_AGENT_FILE_XFER_STATUS_ERROR_GLIB_IO and the GIOErrorEnum value the daemon reports. */
export const XFER_ERROR_GLIB_IO = 0;
export const G_IO_ERROR_TOO_MANY_OPEN_FILES = 31;

export const CLIPBOARD_NONE = 0;
/** CLIPBOARD, PRIMARY, SECONDARY. */
export const SELECTION_COUNT = 3;
