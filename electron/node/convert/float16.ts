/**
 * Little-endian IEEE 754 binary16 from a DataView, with the platform's own conversion (DataView
 * getFloat16, in Node 24 / Electron 45): exact, since every half is a float32.
 */
type Float16View = DataView & { getFloat16(byteOffset: number, littleEndian: boolean): number };

export const readFloat16 = (view: DataView, byteOffset: number): number =>
  (view as Float16View).getFloat16(byteOffset, true);
