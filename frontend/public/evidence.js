// 民生实事台账: the phone's evidence photos, the parts the browser does best in JavaScript
// (canvas, Web Crypto, IndexedDB, Geolocation). The field bundle imports it as a module
// (app/src/field/browser/evidence.rs); the upload rules and the tus client stay in Rust.
//
// IndexedDB database `taizhang-evidence`:
//   parts   "<photo id>/photo" | "<photo id>/thumb"  →  Uint8Array (the shrunk JPEG)
//   uploads "<photo id>/<part>"                      →  JSON text of the upload's state
// A photo's bytes stay until the server confirmed every byte; then only the thumbnail is
// kept, for the list on the phone.

const DB_NAME = 'taizhang-evidence';
const LONG_SIDE = 1600;
const THUMB_SIDE = 160;
const PHOTO_TARGET = 300 * 1024;
const THUMB_TARGET = 12 * 1024;

let opened;
function db() {
  opened ||= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore('parts');
      request.result.createObjectStore('uploads');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opened;
}

// Runs one request in its own transaction; resolves when the transaction is durable.
async function run(store, mode, act) {
  const database = await db();
  return new Promise((resolve, reject) => {
    const tx = database.transaction(store, mode, { durability: 'strict' });
    const request = act(tx.objectStore(store));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error('IndexedDB transaction aborted'));
  });
}

export const putPart = (key, bytes) => run('parts', 'readwrite', (s) => s.put(bytes, key)).then(() => {});
export const getPart = (key) => run('parts', 'readonly', (s) => s.get(key)).then((v) => v ?? null);
export const deletePart = (key) => run('parts', 'readwrite', (s) => s.delete(key)).then(() => {});
export const putUpload = (key, json) => run('uploads', 'readwrite', (s) => s.put(json, key)).then(() => {});
export const getUpload = (key) => run('uploads', 'readonly', (s) => s.get(key)).then((v) => v ?? null);

// An object URL for a stored thumbnail, or null.
export async function thumbUrl(photoId) {
  const bytes = await getPart(`${photoId}/thumb`);
  return bytes ? URL.createObjectURL(new Blob([bytes], { type: 'image/jpeg' })) : null;
}

async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

// The camera's DateTimeOriginal from the original file's EXIF, as "YYYY-MM-DDTHH:MM:SS".
async function exifTakenAt(file) {
  try {
    const view = new DataView(await file.slice(0, 128 * 1024).arrayBuffer());
    if (view.getUint16(0) !== 0xffd8) return null;
    let at = 2;
    while (at + 4 < view.byteLength) {
      const marker = view.getUint16(at);
      const length = view.getUint16(at + 2);
      if (marker === 0xffe1 && view.getUint32(at + 4) === 0x45786966) return readTiff(view, at + 10);
      if ((marker & 0xff00) !== 0xff00 || marker === 0xffda) return null;
      at += 2 + length;
    }
  } catch (_) {
    // An unreadable header only means no camera time.
  }
  return null;
}

function readTiff(view, tiff) {
  const little = view.getUint16(tiff) === 0x4949;
  const u16 = (o) => view.getUint16(tiff + o, little);
  const u32 = (o) => view.getUint32(tiff + o, little);
  const find = (ifd, tag) => {
    const count = u16(ifd);
    for (let i = 0; i < count; i++) {
      const entry = ifd + 2 + i * 12;
      if (u16(entry) === tag) return entry;
    }
    return null;
  };
  const exifPointer = find(u32(4), 0x8769);
  if (exifPointer === null) return null;
  const original = find(u32(exifPointer + 8), 0x9003);
  if (original === null) return null;
  const text = Array.from({ length: 19 }, (_, i) => String.fromCharCode(view.getUint8(tiff + u32(original + 8) + i))).join('');
  const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}` : null;
}

async function encode(bitmap, side, qualities, target) {
  const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = new OffscreenCanvas(width, height);
  canvas.getContext('2d').drawImage(bitmap, 0, 0, width, height);
  let blob;
  for (const quality of qualities) {
    blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
    if (blob.size <= target) break;
  }
  return { bytes: new Uint8Array(await blob.arrayBuffer()), width, height };
}

// Shrinks a picked photo (long side ≤ 1600 px, about 150–300 KB), makes its thumbnail
// (about 10 KB), hashes both, and stores both under `photoId` before answering. Answers the
// JSON the report declares; throws (in Chinese) when the file is not a picture.
export async function preparePhoto(file, photoId) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch (_) {
    throw new Error('无法读取这张图片，请换一张照片');
  }
  const takenAt = await exifTakenAt(file);
  const photo = await encode(bitmap, LONG_SIDE, [0.82, 0.72, 0.62, 0.5], PHOTO_TARGET);
  const thumb = await encode(bitmap, THUMB_SIDE, [0.6, 0.45, 0.3], THUMB_TARGET);
  bitmap.close();
  await putPart(`${photoId}/photo`, photo.bytes);
  await putPart(`${photoId}/thumb`, thumb.bytes);
  return JSON.stringify({
    sha256: await sha256Hex(photo.bytes),
    bytes: photo.bytes.length,
    width: photo.width,
    height: photo.height,
    thumb_sha256: await sha256Hex(thumb.bytes),
    thumb_bytes: thumb.bytes.length,
    exif_taken_at: takenAt,
  });
}

// Forgets a photo removed from a report before it was sent.
export async function forgetPhoto(photoId) {
  await deletePart(`${photoId}/photo`);
  await deletePart(`${photoId}/thumb`);
}

// Where the phone is, as JSON, or null when refused, unavailable or too slow.
export function locate() {
  return new Promise((resolve) => {
    if (!navigator.geolocation) return resolve(null);
    navigator.geolocation.getCurrentPosition(
      (p) => resolve(JSON.stringify({
        lat: p.coords.latitude,
        lon: p.coords.longitude,
        accuracy_m: p.coords.accuracy,
        at: new Date(p.timestamp).toISOString(),
      })),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  });
}
