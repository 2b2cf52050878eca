import type { ComponentChildren } from 'preact';

/**
 * Labelled controls for the options form. Each control is described by its description and, when
 * there is one, its error (aria-describedby), and marked aria-invalid while the error stands.
 */
interface FieldProps {
  id: string;
  label: string;
  description: ComponentChildren;
  error: string | undefined;
}

function describedBy(id: string, error: string | undefined): string {
  return error ? `${id}-description ${id}-error` : `${id}-description`;
}

function FieldText({ id, description, error }: Omit<FieldProps, 'label'>) {
  return (
    <>
      <p class="field-description" id={`${id}-description`}>
        {description}
      </p>
      {error ? (
        <p class="field-error" id={`${id}-error`} data-testid={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </>
  );
}

export function TextField({
  multiline,
  value,
  onInput,
  placeholder,
  ...field
}: FieldProps & {
  multiline?: boolean;
  value: string;
  onInput: (value: string) => void;
  placeholder?: string;
}) {
  const { id, label, error } = field;
  const common = {
    id,
    name: id,
    value,
    placeholder,
    // Status codes, header names and hosts are not words: no spelling marks, no capital first letter.
    spellcheck: false,
    autocomplete: 'off',
    autocapitalize: 'off' as const,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': describedBy(id, error),
  };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {multiline ? (
        <textarea
          {...common}
          rows={4}
          onInput={(event) => onInput(event.currentTarget.value)}
          data-testid={id}
        />
      ) : (
        <input
          {...common}
          type="text"
          onInput={(event) => onInput(event.currentTarget.value)}
          data-testid={id}
        />
      )}
      <FieldText {...field} />
    </div>
  );
}

export function NumberField({
  value,
  onInput,
  min,
  max,
  unit,
  ...field
}: FieldProps & { value: string; onInput: (value: string) => void; min: number; max: number; unit: string }) {
  const { id, label, error } = field;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <span class="number-row">
        <input
          id={id}
          name={id}
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          step={1}
          value={value}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy(id, error)}
          onInput={(event) => onInput(event.currentTarget.value)}
          data-testid={id}
        />
        {/* The unit is part of the description too, for screen readers; shown here for the eye. */}
        <span class="unit" aria-hidden="true">
          {unit}
        </span>
      </span>
      <FieldText {...field} />
    </div>
  );
}

export function CheckboxField({
  checked,
  onChange,
  ...field
}: FieldProps & { checked: boolean; onChange: (checked: boolean) => void }) {
  const { id, label, error } = field;
  return (
    <div class="field field-checkbox">
      <input
        id={id}
        name={id}
        type="checkbox"
        checked={checked}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, error)}
        onChange={(event) => onChange(event.currentTarget.checked)}
        data-testid={id}
      />
      <div>
        <label for={id}>{label}</label>
        <FieldText {...field} />
      </div>
    </div>
  );
}
