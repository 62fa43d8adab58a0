import { errorCodes } from '../../platform/errors.ts';

/** Error codes of open space and hackathon sessions (texts: `communities:errors.<name>`). */
export const OpenSpaceErrors = errorCodes('communities', {
  topicNotFound: 404,
  roomNotFound: 400,
  slotNotFound: 400,
  /** Topics are proposed at open-space and hackathon sessions. */
  notOpenSpace: 409,
  /** {title}: another topic is in this room at this time. */
  roomTaken: 409,
  /** {name}: a host of this topic hosts another topic at this time. */
  hostClash: 409,
  /** Choose both a room and a time, or neither. */
  roomAndSlot: 400,
  /** {max}: at most this many rooms, slots or topics. */
  tooManyOpenSpace: 409,
});
