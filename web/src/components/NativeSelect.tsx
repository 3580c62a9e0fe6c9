import { forwardRef } from 'react';

/** A plain <select> styled like antd's inputs: labelled by Form.Item, keyboard-friendly, no popup. */
export const NativeSelect = forwardRef<
  HTMLSelectElement,
  {
    id?: string;
    value?: string;
    onChange?: (v: string) => void;
    options: { value: string; label: string }[];
    placeholder?: string;
    'aria-label'?: string;
    style?: React.CSSProperties;
  }
>(function NativeSelect({ value, onChange, options, placeholder, style, ...rest }, ref) {
  return (
    <select
      ref={ref}
      {...rest}
      value={value ?? ''}
      onChange={(e) => onChange?.(e.target.value)}
      style={{
        width: '100%',
        height: 32,
        padding: '0 8px',
        border: '1px solid #d9d9d9',
        borderRadius: 4,
        background: '#fff',
        ...style,
      }}
    >
      {placeholder !== undefined && <option value="">{placeholder}</option>}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
});
