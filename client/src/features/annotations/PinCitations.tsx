// Citing evidence in a pile's description: "Cite a pin" inserts a `[pin:…]` token where the caret
// was (or at the end), choosing among the pins on the pile's cards; under the description, each
// cited pin is listed by its words and student, and opens the scan at the pin's region.
import { useState } from 'react';
import type * as Y from 'yjs';
import { citationToken, citedPins, type Pin } from '#shared/schema/comments.js';
import type { AnnotationEnv } from '../../board/annotationEnv.js';
import { usePins } from '../../board/hooks/useAnnotations.js';
import { useT } from '../../i18n/index.js';

export function PinCitations({
  env,
  description,
  text,
  memberIds,
  fieldId,
}: {
  env: AnnotationEnv;
  /** The description as it reads now. */
  description: string;
  /** The live description, to insert citations into; null when it cannot be edited. */
  text: Y.Text | null;
  memberIds: readonly string[];
  /** The description's text area, whose caret says where a citation goes. */
  fieldId: string;
}) {
  const t = useT();
  const [choosing, setChoosing] = useState(false);
  const pins = usePins(env.doc);
  const members = new Set(memberIds);
  const citable = pins.filter((pin) => members.has(pin.cardId));
  const byId = new Map(pins.map((pin) => [pin.id, pin]));
  const cited = citedPins(description);
  const describe = (pin: Pin) => `${env.labelOf(pin.cardId) || t('card.unnamed')}: “${pin.text}”`;

  const cite = (pin: Pin) => {
    if (!text) return;
    const field = document.getElementById(fieldId) as HTMLTextAreaElement | null;
    const length = text.length;
    const at = field && field.selectionEnd <= length ? field.selectionEnd : length;
    const before = text.toString().slice(0, at);
    const token = `${before && !/\s$/.test(before) ? ' ' : ''}${citationToken(pin.id)}`;
    env.history.change(() => text.insert(at, token));
    setChoosing(false);
  };

  return (
    <div className="pin-citations">
      {cited.length > 0 && (
        <>
          <span className="field-label">{t('cite.cited')}</span>
          <ul className="citation-list">
            {cited.map((id) => {
              const pin = byId.get(id);
              return (
                <li key={id}>
                  {pin ? (
                    <button
                      type="button"
                      className="citation"
                      onClick={() => env.openPin(id)}
                      title={t('cite.open', { student: env.labelOf(pin.cardId) || t('card.unnamed') })}
                      data-citation={id}
                    >
                      {describe(pin)}
                    </button>
                  ) : (
                    <span className="citation citation-missing">{t('cite.missing')}</span>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {env.canEdit && text && (
        <button type="button" className="link-button" aria-expanded={choosing} onClick={() => setChoosing(!choosing)}>
          {t('cite.button')}
        </button>
      )}
      {choosing && (
        <fieldset className="citation-chooser" aria-label={t('cite.title')}>
          {citable.length === 0 ? (
            <p className="field-hint">{t('cite.none')}</p>
          ) : (
            <ul className="citation-list">
              {citable.map((pin) => (
                <li key={pin.id}>
                  <button type="button" className="citation" onClick={() => cite(pin)} data-cite={pin.id}>
                    {describe(pin)}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
      )}
    </div>
  );
}
