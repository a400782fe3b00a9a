/** The 1×1 transparent GIF the image forms (track.gif, track_ua.gif) answer with. */
export const transparentGif = Buffer.from(
  'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7',
  'base64',
);
