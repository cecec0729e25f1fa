// Forms generated from a JSON Schema (what zod's z.toJSONSchema produces): objects, arrays,
// strings, numbers, booleans, enums, consts and anyOf variants. Anything else is edited as JSON.
// renderForm(schema, value) returns { element, read() }; read() throws a FormError naming the field.

export class FormError extends Error {}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function resolve(schema, root) {
  let s = schema ?? {};
  for (let i = 0; i < 20 && typeof s.$ref === 'string'; i++) {
    const path = s.$ref.replace(/^#\//, '').split('/');
    s = path.reduce((node, key) => node?.[key], root) ?? {};
  }
  return s;
}

function typeOf(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'number' ? 'number' : typeof value;
}

function schemaType(s) {
  if (s.const !== undefined) return 'const';
  if (Array.isArray(s.enum)) return 'enum';
  if (s.anyOf || s.oneOf) return 'anyOf';
  if (s.type === 'integer') return 'number';
  if (s.type === 'object' && !s.properties && s.additionalProperties) return 'json';
  return typeof s.type === 'string' ? s.type : 'json';
}

function fits(s, value, root) {
  const r = resolve(s, root);
  const t = schemaType(r);
  if (value === undefined) return false;
  if (t === 'const') return value === r.const;
  if (t === 'enum') return r.enum.includes(value);
  if (t === 'anyOf') return (r.anyOf ?? r.oneOf).some((v) => fits(v, value, root));
  if (t === 'json') return true;
  return typeOf(value) === t;
}

function variantLabel(s, root) {
  const r = resolve(s, root);
  if (r.title) return r.title;
  const t = schemaType(r);
  if (t === 'array') return 'list';
  if (t === 'object') return 'details';
  if (t === 'const') return String(r.const);
  return t;
}

function emptyFor(s, root) {
  const r = resolve(s, root);
  switch (schemaType(r)) {
    case 'object':
      return {};
    case 'array':
      return [];
    case 'boolean':
      return false;
    case 'const':
      return r.const;
    case 'enum':
      return r.enum[0];
    default:
      return undefined;
  }
}

function field(schema, value, path, root, required) {
  const s = resolve(schema, root);
  const kind = schemaType(s);
  const label = path.length === 0 ? '' : String(path[path.length - 1]);
  const where = path.join('.') || 'options';
  switch (kind) {
    case 'object': {
      const props = s.properties ?? {};
      const req = new Set(s.required ?? []);
      const current = value && typeof value === 'object' && !Array.isArray(value) ? value : {};
      const children = Object.entries(props).map(([key, sub]) => [
        key,
        field(sub, current[key], [...path, key], root, req.has(key)),
      ]);
      const box = el(
        'fieldset',
        { class: 'obj', 'data-path': where },
        label ? el('legend', {}, label, required ? ' *' : '') : null,
      );
      for (const [, child] of children) box.append(child.element);
      // An optional section that is not set yet stays folded.
      const element =
        !required && path.length > 0 && value === undefined
          ? el('details', { class: 'optional' }, el('summary', {}, label, ' (optional)'), box)
          : box;
      return {
        element,
        read() {
          const out = {};
          // Keys the schema does not describe are kept as they were.
          for (const [key, v] of Object.entries(current)) if (!(key in props)) out[key] = v;
          const values = children.map(([key, child]) => [key, child.read()]);
          const filled = values.some(([, v]) => v !== undefined);
          // An optional section left empty is simply absent; once anything is in it, its required fields count.
          if (!required && path.length > 0 && !filled && Object.keys(out).length === 0) return undefined;
          for (const [key, v] of values) {
            if (v !== undefined) out[key] = v;
            else if (req.has(key)) throw new FormError(`${[...path, key].join('.')}: required`);
          }
          return !required && path.length > 0 && Object.keys(out).length === 0 ? undefined : out;
        },
      };
    }
    case 'array': {
      const items = Array.isArray(value) ? value : [];
      const list = el('div', { class: 'items' });
      const rows = [];
      const addRow = (v) => {
        const child = field(s.items ?? {}, v, [...path, rows.length], root, true);
        const row = el('div', { class: 'item' }, child.element);
        const entry = { child, row };
        row.append(
          el(
            'button',
            {
              type: 'button',
              class: 'small',
              title: 'remove',
              onclick: () => {
                rows.splice(rows.indexOf(entry), 1);
                row.remove();
              },
            },
            '✕',
          ),
        );
        rows.push(entry);
        list.append(row);
      };
      for (const v of items) addRow(v);
      const box = el(
        'div',
        { class: 'arr', 'data-path': where },
        el('div', { class: 'label' }, label, required ? ' *' : ''),
        list,
        el(
          'button',
          { type: 'button', class: 'small', onclick: () => addRow(emptyFor(s.items ?? {}, root)) },
          '+ add',
        ),
      );
      return {
        element: box,
        read() {
          const out = rows.map((r) => r.child.read()).filter((v) => v !== undefined);
          if (s.minItems && out.length < s.minItems && (required || out.length > 0)) {
            throw new FormError(`${where}: needs at least ${s.minItems} item(s)`);
          }
          return !required && out.length === 0 ? undefined : out;
        },
      };
    }
    case 'anyOf': {
      const variants = s.anyOf ?? s.oneOf;
      let index = Math.max(
        0,
        variants.findIndex((v) => fits(v, value, root)),
      );
      const holder = el('div', { class: 'variant' });
      let child;
      const show = (v) => {
        child = field(variants[index], v, path, root, required);
        holder.replaceChildren(child.element);
      };
      const picker = el(
        'select',
        {
          class: 'variant-pick',
          'data-path': `${where}#variant`,
          onchange: () => {
            index = Number(picker.value);
            show(emptyFor(variants[index], root));
          },
        },
        variants.map((v, i) => el('option', { value: i, selected: i === index }, variantLabel(v, root))),
      );
      show(value);
      return {
        element: el(
          'div',
          { class: 'anyof' },
          el('div', { class: 'label' }, label, required ? ' *' : '', ' ', picker),
          holder,
        ),
        read: () => child.read(),
      };
    }
    case 'const': {
      if (required) return { element: el('span'), read: () => s.const };
      // An optional constant (e.g. `any: true`) is a switch: on gives the constant, off leaves it out.
      const input = el('input', {
        type: 'checkbox',
        'data-path': where,
        name: where,
        checked: value === s.const,
      });
      return {
        element: el(
          'label',
          { class: 'row check' },
          input,
          el('span', {}, label, ` (${JSON.stringify(s.const)})`),
        ),
        read: () => (input.checked ? s.const : undefined),
      };
    }
    case 'enum': {
      const select = el(
        'select',
        { 'data-path': where, name: where },
        required ? null : el('option', { value: '' }, '—'),
        s.enum.map((v) => el('option', { value: String(v), selected: v === value }, String(v))),
      );
      return {
        element: el('label', { class: 'row' }, el('span', {}, label, required ? ' *' : ''), select),
        read: () => (select.value === '' ? undefined : s.enum.find((v) => String(v) === select.value)),
      };
    }
    case 'string': {
      const input = el('input', {
        type: 'text',
        'data-path': where,
        name: where,
        value: typeof value === 'string' ? value : '',
      });
      return {
        element: el(
          'label',
          { class: 'row' },
          el('span', {}, label, required ? ' *' : ''),
          input,
          s.description ? el('small', {}, s.description) : null,
        ),
        read() {
          const v = input.value;
          if (v === '') return undefined;
          if (s.minLength && v.length < s.minLength)
            throw new FormError(`${where}: at least ${s.minLength} character(s)`);
          return v;
        },
      };
    }
    case 'number': {
      const input = el('input', {
        type: 'number',
        step: s.type === 'integer' ? '1' : 'any',
        'data-path': where,
        name: where,
        value: typeof value === 'number' ? value : '',
      });
      return {
        element: el('label', { class: 'row' }, el('span', {}, label, required ? ' *' : ''), input),
        read() {
          if (input.value === '') return undefined;
          const n = Number(input.value);
          if (!Number.isFinite(n)) throw new FormError(`${where}: expected a number`);
          if (s.type === 'integer' && !Number.isInteger(n))
            throw new FormError(`${where}: expected a whole number`);
          if (s.minimum !== undefined && n < s.minimum)
            throw new FormError(`${where}: at least ${s.minimum}`);
          if (s.maximum !== undefined && n > s.maximum) throw new FormError(`${where}: at most ${s.maximum}`);
          return n;
        },
      };
    }
    case 'boolean': {
      const input = el('input', {
        type: 'checkbox',
        'data-path': where,
        name: where,
        checked: value === true,
      });
      return {
        element: el('label', { class: 'row check' }, input, el('span', {}, label)),
        read: () => (input.checked ? true : value === false || required ? false : undefined),
      };
    }
    default: {
      const area = el(
        'textarea',
        { 'data-path': where, name: where, rows: 4 },
        value === undefined ? '' : JSON.stringify(value, null, 2),
      );
      return {
        element: el('label', { class: 'row' }, el('span', {}, label || 'options (JSON)'), area),
        read() {
          if (area.value.trim() === '') return undefined;
          try {
            return JSON.parse(area.value);
          } catch (e) {
            throw new FormError(`${where}: not valid JSON (${e.message})`);
          }
        },
      };
    }
  }
}

/** A form for `value` shaped by the JSON Schema `schema` (or a JSON editor without one). */
export function renderForm(schema, value) {
  const root = schema ?? {};
  return field(schema ?? {}, value, [], root, true);
}
