// Protobuf wire-format reading: varints, length-delimited fields, fixed widths. No schema knowledge.

export interface WireField {
  readonly no: number;
  readonly wireType: number;
  /** varint / fixed values as bigint; length-delimited as bytes. */
  readonly value: bigint | Uint8Array;
}

export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

export function readFields(buf: Uint8Array): WireField[] {
  const out: WireField[] = [];
  let i = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (i >= buf.length) throw new WireError('truncated varint');
      const b = buf[i++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 70n) throw new WireError('varint too long');
    }
  };
  while (i < buf.length) {
    const tag = varint();
    const no = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    if (no === 0) throw new WireError('field number 0');
    switch (wireType) {
      case 0: out.push({ no, wireType, value: varint() }); break;
      case 1: {
        if (i + 8 > buf.length) throw new WireError('truncated fixed64');
        out.push({ no, wireType, value: new DataView(buf.buffer, buf.byteOffset + i, 8).getBigUint64(0, true) });
        i += 8;
        break;
      }
      case 2: {
        const len = Number(varint());
        if (len < 0 || i + len > buf.length) throw new WireError('truncated length-delimited field');
        out.push({ no, wireType, value: buf.subarray(i, i + len) });
        i += len;
        break;
      }
      case 5: {
        if (i + 4 > buf.length) throw new WireError('truncated fixed32');
        out.push({ no, wireType, value: BigInt(new DataView(buf.buffer, buf.byteOffset + i, 4).getUint32(0, true)) });
        i += 4;
        break;
      }
      default: throw new WireError(`unsupported wire type ${wireType}`);
    }
  }
  return out;
}
