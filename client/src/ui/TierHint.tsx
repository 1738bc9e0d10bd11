// A nudge beside a pile's title that reads like a tier ("Meets", "Level 3"): name the thinking
// the work shows, not how good it is.
import { useMemo } from 'react';
import { tierWords } from '../../../shared/tierNames.js';
import { useT } from '../i18n/index.js';

export function TierHint({ title }: { title: string }) {
  const t = useT();
  const word = useMemo(() => tierWords(title), [title]);
  if (!word) return null;
  return (
    <p className="tier-hint" role="note">
      {t('tier.prompt', { word })}
    </p>
  );
}
