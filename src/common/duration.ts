/** A track's length as Spotify's apps write it ("3:07", "1:02:03"); shared by the tree, hovers, export and playlist text. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || ms < 0) return '';
  const totalSeconds = Math.floor(ms / 1000); // truncated, as Spotify's apps show 59,999 ms as 0:59
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = String(totalSeconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}
