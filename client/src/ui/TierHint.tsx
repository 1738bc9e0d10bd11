// A nudge beside a pile's title that reads like a tier ("Meets", "Level 3"): name the thinking
// the work shows, not how good it is.
import { useMemo } from 'react';
import { normalizeTitle, tierWords } from '#shared/tierNames.js';
import { useT } from '../i18n/index.js';

export function TierHint({ title }: { title: string }) {
  const t = useT();
  const word = useMemo(() => {
    const found = tierWords(title);
    // Quoted as typed when the whole name is the tier word ("High", not "high").
    return found && normalizeTitle(title) === found ? title.trim() : found;
  }, [title]);
  if (!word) return null;
  return (
    <p className="tier-hint" role="note">
      {t('tier.prompt', { word })}
    </p>
  );
}
