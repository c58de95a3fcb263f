import type {
  InputHTMLAttributes,
  ReactNode,
  Ref,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from "react";

interface FieldProps {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  className?: string;
}

function describedBy(id: string, hint: ReactNode, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

function FieldShell({ id, label, error, hint, className, children }: FieldProps & { children: ReactNode }) {
  return (
    <div className={className ? `field ${className}` : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

type TextFieldProps = FieldProps &
  Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "onChange" | "value" | "className"> & {
    value: string;
    onValueChange: (value: string) => void;
    inputRef?: Ref<HTMLInputElement>;
  };

/** A labelled input with its hint and error wired through aria-describedby. */
export function TextField({
  id,
  label,
  error,
  hint,
  className,
  value,
  onValueChange,
  inputRef,
  ...input
}: TextFieldProps) {
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} className={className}>
      <input
        {...input}
        ref={inputRef}
        id={id}
        value={value}
        onChange={(event) => onValueChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
    </FieldShell>
  );
}

type SelectFieldProps = FieldProps &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "onChange" | "value" | "className"> & {
    value: string;
    onValueChange: (value: string) => void;
    selectRef?: Ref<HTMLSelectElement>;
    children: ReactNode;
  };

/** A labelled select with its hint and error wired through aria-describedby. */
export function SelectField({
  id,
  label,
  error,
  hint,
  className,
  value,
  onValueChange,
  selectRef,
  children,
  ...select
}: SelectFieldProps) {
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} className={className}>
      <select
        {...select}
        ref={selectRef}
        id={id}
        value={value}
        onChange={(event) => onValueChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {children}
      </select>
    </FieldShell>
  );
}

type TextAreaFieldProps = FieldProps &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "onChange" | "value" | "className"> & {
    value: string;
    onValueChange: (value: string) => void;
    textareaRef?: Ref<HTMLTextAreaElement>;
  };

/** A labelled multi-line input with its hint and error wired through aria-describedby. */
export function TextAreaField({
  id,
  label,
  error,
  hint,
  className,
  value,
  onValueChange,
  textareaRef,
  ...textarea
}: TextAreaFieldProps) {
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} className={className}>
      <textarea
        rows={3}
        {...textarea}
        ref={textareaRef}
        id={id}
        value={value}
        onChange={(event) => onValueChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
    </FieldShell>
  );
}

type CheckboxFieldProps = Omit<FieldProps, "hint"> &
  Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "onChange" | "checked" | "className" | "type"> & {
    checked: boolean;
    onCheckedChange: (checked: boolean) => void;
  };

/** A checkbox with its label after it and its error wired through aria-describedby. */
export function CheckboxField({
  id,
  label,
  error,
  className,
  checked,
  onCheckedChange,
  ...input
}: CheckboxFieldProps) {
  return (
    <div className={className ? `field checkbox-field ${className}` : "field checkbox-field"}>
      <input
        {...input}
        type="checkbox"
        id={id}
        checked={checked}
        onChange={(event) => onCheckedChange(event.target.checked)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <label htmlFor={id}>{label}</label>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** After a failed submit, moves focus to the first invalid field, or else to the form's error box. */
export function focusFirstProblem(form: HTMLElement | null): void {
  requestAnimationFrame(() => {
    const target =
      form?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form?.querySelector<HTMLElement>(".form-error[tabindex]");
    target?.focus();
  });
}
