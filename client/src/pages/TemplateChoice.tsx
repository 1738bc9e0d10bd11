// The protocol a new board follows: a sort by strategy (starter tags) or by evidence of mastery
// (piles Meets / Partially meets / Not yet). Chosen on the landing page when creating a board.
import type { BoardTemplate } from '#shared/templates.js';
import { useT } from '../i18n/index.js';

export function TemplateChoice({ value, onChange }: { value: BoardTemplate; onChange(template: BoardTemplate): void }) {
  const t = useT();
  const options: { template: BoardTemplate; title: string; text: string }[] = [
    { template: 'strategy', title: t('template.strategy'), text: t('template.strategyHint') },
    { template: 'mastery', title: t('template.mastery'), text: t('template.masteryHint') },
  ];
  return (
    <fieldset className="template-choice">
      <legend className="field-label">{t('template.legend')}</legend>
      <div className="template-options">
        {options.map((option) => (
          <label key={option.template} className="template-option">
            <input
              type="radio"
              name="template"
              value={option.template}
              checked={value === option.template}
              onChange={() => onChange(option.template)}
            />
            <strong className="template-title">{option.title}</strong>
            <small className="template-text">{option.text}</small>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
