/**
 * What Restore from Backup puts back into a playlist that still exists: the entries it holds now,
 * and every entry of the backup it lost, each back after the entry it followed in the backup (or
 * first, when none of those are left). Nothing the playlist holds now is removed or moved: the
 * entries added since the backup stay where they are. "Make it exactly like the backup" is the
 * backup itself. Counts matter: a URI the backup holds twice and the playlist once gets one back.
 * The result goes through the one save path (planPlaylistSave), so only the lost entries are sent.
 */
export function restoredEntries(backup: readonly string[], now: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const uri of now) left.set(uri, (left.get(uri) ?? 0) + 1);
  // Which backup entries are still there (the first copies, in order), and which were lost.
  const kept = backup.map((uri) => {
    const count = left.get(uri) ?? 0;
    if (count === 0) return false;
    left.set(uri, count - 1);
    return true;
  });
  const result = [...now];
  // For each backup entry still there: where it stands now (its copy number among equal URIs).
  const placeOf = (index: number): number => {
    const uri = backup[index];
    const copy = backup.slice(0, index).filter((other, at) => other === uri && kept[at]).length;
    let seen = -1;
    return result.findIndex((candidate) => candidate === uri && ++seen === copy);
  };
  let insertAt = 0;
  backup.forEach((uri, index) => {
    if (kept[index]) {
      insertAt = placeOf(index) + 1;
      return;
    }
    result.splice(insertAt, 0, uri);
    insertAt++;
  });
  return result;
}
