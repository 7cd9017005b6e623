/**
 * A restricted pickle virtual machine (protocols 2–4): the data opcodes a PyTorch state dict uses,
 * plus GLOBAL/REDUCE for the callables on an allow-list, which it hands to the caller by name. It never
 * imports or calls anything itself; any other global is refused by name (UnsafeCheckpoint).
 *
 *   const root = unpickle(bytes, 'pytorch_model.bin', {
 *     allowed: new Set(['collections.OrderedDict']),
 *     call: (name, args) => new Map(),          // REDUCE of an allowed global
 *     persistentLoad: (pid) => storageOf(pid),  // BINPERSID
 *     error: (file, why) => new VerbaError('CorruptCheckpoint', `${file}: ${why}`),
 *   });
 */
import { VerbaError } from '../../common/result.ts';

/** A global the pickle named (and the allow-list admitted), until REDUCE calls it. */
export class Global {
  readonly qualified: string;
  constructor(qualified: string) {
    this.qualified = qualified;
  }
}
class Mark {}

/** What the machine builds; `T` is whatever the caller's hooks return (storages, tensors). */
export type PickleValue<T> =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PickleValue<T>[]
  | Map<unknown, PickleValue<T>>
  | Global
  | Mark
  | T;

export interface PickleHooks<T> {
  /** Qualified names (`module.name`) the pickle may refer to. */
  allowed: ReadonlySet<string>;
  /** REDUCE of an allowed global with its argument tuple. */
  call(qualified: string, args: PickleValue<T>[]): PickleValue<T>;
  /** BINPERSID: the object a persistent id stands for. */
  persistentLoad(pid: PickleValue<T>): PickleValue<T>;
  /** The error for a malformed pickle. */
  error(file: string, why: string): Error;
}

/** A pickle virtual machine for protocols 2–4 limited to data opcodes plus GLOBAL/REDUCE on the allow-list. */
export function unpickle<T>(bytes: Uint8Array, file: string, hooks: PickleHooks<T>): PickleValue<T> {
  type Value = PickleValue<T>;
  const bad = hooks.error;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder('utf-8', { fatal: true });
  const stack: Value[] = [];
  const memo = new Map<number, Value>();
  let pos = 0;
  const need = (n: number) => {
    if (pos + n > bytes.length) throw bad(file, 'the pickle is truncated');
    const at = pos;
    pos += n;
    return at;
  };
  const u8 = () => bytes[need(1)]!;
  const u16 = () => view.getUint16(need(2), true);
  const u32 = () => view.getUint32(need(4), true);
  const raw = (n: number) => bytes.subarray(need(n), pos);
  const line = () => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) throw bad(file, 'the pickle is truncated');
    const s = new TextDecoder().decode(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const pop = (): Value => {
    if (stack.length === 0) throw bad(file, 'the pickle stack underflowed');
    return stack.pop()!;
  };
  const popMark = (): Value[] => {
    let i = stack.length - 1;
    while (i >= 0 && !(stack[i] instanceof Mark)) i--;
    if (i < 0) throw bad(file, 'the pickle has no MARK');
    const items = stack.splice(i + 1);
    stack.pop();
    return items;
  };
  const top = (): Value => {
    if (stack.length === 0) throw bad(file, 'the pickle stack underflowed');
    return stack[stack.length - 1]!;
  };
  const global = (module: string, name: string) => {
    const qualified = `${module}.${name}`;
    if (!hooks.allowed.has(qualified)) {
      throw new VerbaError(
        'UnsafeCheckpoint',
        `${file} refers to ${qualified}, which a plain state dict never contains, so Verba refuses to load it.`,
      );
    }
    stack.push(new Global(qualified));
  };
  const setItems = (dict: Value, items: Value[]) => {
    if (!(dict instanceof Map) || items.length % 2 !== 0)
      throw bad(file, 'SETITEMS on something that is not a dictionary');
    for (let i = 0; i < items.length; i += 2) dict.set(items[i], items[i + 1]!);
  };
  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80:
        u8();
        break; // PROTO
      case 0x95:
        need(8);
        break; // FRAME: framing is only a read-ahead hint
      case 0x2e:
        return pop(); // STOP
      case 0x28:
        stack.push(new Mark());
        break; // MARK
      case 0x30:
        pop();
        break; // POP
      case 0x31:
        popMark();
        break; // POP_MARK
      case 0x32:
        stack.push(top());
        break; // DUP
      case 0x4e:
        stack.push(null);
        break; // NONE
      case 0x88:
        stack.push(true);
        break; // NEWTRUE
      case 0x89:
        stack.push(false);
        break; // NEWFALSE
      case 0x4a:
        stack.push(view.getInt32(need(4), true));
        break; // BININT
      case 0x4b:
        stack.push(u8());
        break; // BININT1
      case 0x4d:
        stack.push(u16());
        break; // BININT2
      case 0x8a: {
        // LONG1: little-endian two's complement
        const b = raw(u8());
        let v = 0n;
        for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
        if (b.length > 0 && b[b.length - 1]! >= 0x80) v -= 1n << BigInt(8 * b.length);
        stack.push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
        break;
      }
      case 0x47:
        stack.push(view.getFloat64(need(8), false));
        break; // BINFLOAT (big-endian)
      case 0x58:
        stack.push(text.decode(raw(u32())));
        break; // BINUNICODE
      case 0x8c:
        stack.push(text.decode(raw(u8())));
        break; // SHORT_BINUNICODE
      case 0x54:
        stack.push(new TextDecoder('latin1').decode(raw(u32())));
        break; // BINSTRING
      case 0x55:
        stack.push(new TextDecoder('latin1').decode(raw(u8())));
        break; // SHORT_BINSTRING
      case 0x42:
        stack.push(raw(u32()));
        break; // BINBYTES
      case 0x43:
        stack.push(raw(u8()));
        break; // SHORT_BINBYTES
      case 0x29:
        stack.push([]);
        break; // EMPTY_TUPLE
      case 0x74:
        stack.push(popMark());
        break; // TUPLE
      case 0x85:
        stack.push([pop()]);
        break; // TUPLE1
      case 0x86: {
        const b = pop();
        stack.push([pop(), b]);
        break;
      } // TUPLE2
      case 0x87: {
        const c = pop();
        const b = pop();
        stack.push([pop(), b, c]);
        break;
      } // TUPLE3
      case 0x5d:
        stack.push([]);
        break; // EMPTY_LIST
      case 0x6c:
        stack.push(popMark());
        break; // LIST
      case 0x61: {
        const v = pop();
        const l = top();
        if (!Array.isArray(l)) throw bad(file, 'APPEND to a non-list');
        l.push(v);
        break;
      }
      case 0x65: {
        const vs = popMark();
        const l = top();
        if (!Array.isArray(l)) throw bad(file, 'APPENDS to a non-list');
        // One by one: a spread of hundreds of thousands of items overflows the call stack.
        for (const v of vs) l.push(v);
        break;
      }
      case 0x7d:
        stack.push(new Map());
        break; // EMPTY_DICT
      case 0x64: {
        const d = new Map<unknown, Value>();
        setItems(d, popMark());
        stack.push(d);
        break;
      } // DICT
      case 0x73: {
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      } // SETITEM
      case 0x75: {
        const items = popMark();
        setItems(top(), items);
        break;
      } // SETITEMS
      case 0x63: {
        const module = line();
        global(module, line());
        break;
      } // GLOBAL
      case 0x93: {
        const name = pop();
        const module = pop();
        global(String(module), String(name));
        break;
      } // STACK_GLOBAL
      case 0x52: {
        const args = pop();
        const fn = pop();
        if (!(fn instanceof Global) || !Array.isArray(args))
          throw bad(file, 'REDUCE applied to something that is not a global');
        stack.push(hooks.call(fn.qualified, args));
        break;
      } // REDUCE
      case 0x62:
        pop();
        break; // BUILD: only OrderedDict's _metadata attribute reaches here; it is not needed
      case 0x51:
        stack.push(hooks.persistentLoad(pop()));
        break; // BINPERSID
      case 0x71:
        memo.set(u8(), top());
        break; // BINPUT
      case 0x72:
        memo.set(u32(), top());
        break; // LONG_BINPUT
      case 0x94:
        memo.set(memo.size, top());
        break; // MEMOIZE
      case 0x68:
      case 0x6a: {
        // BINGET, LONG_BINGET
        const key = op === 0x68 ? u8() : u32();
        if (!memo.has(key)) throw bad(file, `the pickle reads memo ${key} before writing it`);
        stack.push(memo.get(key)!);
        break;
      }
      default:
        throw bad(file, `pickle opcode 0x${op.toString(16).padStart(2, '0')} is not allowed in a state dict`);
    }
  }
}
