// The fake account's devices: named presets, and the changes a test makes (add, remove, update one)
// through /__fake/player/devices/*. The Kitchen Speaker has a fixed volume (supports_volume false),
// so PUT /me/player/volume on it is refused as Spotify refuses it.

export interface FakeDevice {
  id: string;
  name: string;
  type: string;
  is_active: boolean;
  is_private_session: boolean;
  is_restricted: boolean;
  volume_percent: number;
  supports_volume: boolean;
}

/** Device sets a test picks by name; `kitchenSpeaker`: only the speaker, active, volume fixed. */
export type DevicePreset = 'none' | 'one' | 'several' | 'oneInactive' | 'severalInactive' | 'kitchenSpeaker';
export const DEVICE_PRESETS: readonly DevicePreset[] = ['none', 'one', 'several', 'oneInactive', 'severalInactive', 'kitchenSpeaker'];

const TEMPLATES = {
  desktop: { id: 'd3sktop0000000000000000000000000000000001', name: 'Fake Desktop', type: 'Computer', supports_volume: true },
  phone: { id: 'ph0ne00000000000000000000000000000000002', name: 'Fake Phone', type: 'Smartphone', supports_volume: true },
  speaker: { id: 'sp3aker000000000000000000000000000000003', name: 'Kitchen Speaker', type: 'Speaker', supports_volume: false },
} as const;
export type DeviceTemplate = keyof typeof TEMPLATES;

export function templateDevice(key: DeviceTemplate, active: boolean): FakeDevice {
  return { ...TEMPLATES[key], is_active: active, is_private_session: false, is_restricted: false, volume_percent: key === 'speaker' ? 100 : 60 };
}

export function devicesFor(preset: DevicePreset): FakeDevice[] {
  switch (preset) {
    case 'none':
      return [];
    case 'one':
      return [templateDevice('desktop', true)];
    case 'several':
      return [templateDevice('desktop', true), templateDevice('phone', false), templateDevice('speaker', false)];
    case 'oneInactive':
      return [templateDevice('desktop', false)];
    case 'severalInactive':
      return [templateDevice('desktop', false), templateDevice('phone', false), templateDevice('speaker', false)];
    case 'kitchenSpeaker':
      return [templateDevice('speaker', true)];
  }
}

const FIELD_TYPES: Record<keyof FakeDevice, 'string' | 'boolean' | 'number'> = { id: 'string', name: 'string', type: 'string', is_active: 'boolean', is_private_session: 'boolean', is_restricted: 'boolean', volume_percent: 'number', supports_volume: 'boolean' };

/** Checks a control body's device fields (Spotify's names); throws on an unknown or mistyped one. */
function devicePatch(body: Record<string, unknown>, except: string[]): Partial<FakeDevice> {
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (except.includes(key)) continue;
    const type = FIELD_TYPES[key as keyof FakeDevice];
    if (!type) throw new Error(`unknown device field ${key} (${Object.keys(FIELD_TYPES).join(', ')})`);
    if (typeof value !== type) throw new Error(`${key} must be a ${type}`);
    if (key === 'volume_percent' && !(Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 100)) throw new Error('volume_percent must be 0 to 100');
    patch[key] = value;
  }
  return patch;
}

/** Makes `device` the only active one when it is marked active. */
function keepOneActive(devices: FakeDevice[], device: FakeDevice): void {
  if (device.is_active) for (const other of devices) if (other !== device) other.is_active = false;
}

/** `{template?: desktop|phone|speaker, ...device fields}`: a template, or a device of its own (id and name needed). */
export function addDevice(devices: FakeDevice[], body: Record<string, unknown>): FakeDevice {
  const template = body.template;
  if (template !== undefined && !(typeof template === 'string' && template in TEMPLATES)) throw new Error(`template must be one of ${Object.keys(TEMPLATES).join(', ')}`);
  const patch = devicePatch(body, ['template']);
  const base: FakeDevice = template ? templateDevice(template as DeviceTemplate, false) : { id: '', name: '', type: 'Computer', is_active: false, is_private_session: false, is_restricted: false, volume_percent: 60, supports_volume: true };
  const device = { ...base, ...patch };
  if (!device.id || !device.name) throw new Error('a device needs an id and a name (or a template)');
  if (devices.some((d) => d.id === device.id)) throw new Error(`a device ${device.id} is already there`);
  devices.push(device);
  keepOneActive(devices, device);
  return device;
}

export function removeDevice(devices: FakeDevice[], id: unknown): void {
  const at = devices.findIndex((d) => d.id === id);
  if (at < 0) throw new Error(`no device ${String(id)}`);
  devices.splice(at, 1);
}

/** `{id, ...fields to change}`. */
export function updateDevice(devices: FakeDevice[], body: Record<string, unknown>): FakeDevice {
  const device = devices.find((d) => d.id === body.id);
  if (!device) throw new Error(`no device ${String(body.id)}`);
  Object.assign(device, devicePatch(body, ['id']));
  keepOneActive(devices, device);
  return device;
}
