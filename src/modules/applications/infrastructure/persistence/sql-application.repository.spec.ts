import { FieldCipher } from '../../../../shared/crypto/field-cipher';
import { SEALED_COLUMNS, type SealedColumn } from '../../../../shared/crypto/sealed-columns';
import { ApplicationPiiCodec } from '../../application/services/application-pii.codec';
import { SqlApplicationRepository } from './sql-application.repository';

describe('SqlApplicationRepository sealed columns', () => {
  it('declares applications.pii for key rotation with the associated data the codec seals with', () => {
    const [column] = Reflect.getMetadata(SEALED_COLUMNS, SqlApplicationRepository) as SealedColumn[];
    expect(column).toMatchObject({ table: 'applications', column: 'pii', keyIdColumn: 'key_id' });
    const old = new FieldCipher([{ id: 'k1', key: Buffer.alloc(32, 1) }]);
    const rotated = new FieldCipher([
      { id: 'k2', key: Buffer.alloc(32, 2) },
      { id: 'k1', key: Buffer.alloc(32, 1) },
    ]);
    const id = '0193a7c2-0000-7000-8000-000000000001';
    const data = {
      contact: { name: 'Иван', phone: '+79123456789', email: null, telegram: null },
      payload: { a: 1 },
    };
    const sealed = new ApplicationPiiCodec(old).seal(id, data);
    // what the rotation does with the declared column: decrypt and encrypt again with the row's aad
    const resealed = rotated.encrypt(rotated.decrypt(sealed.pii, column.aad!(id)), column.aad!(id));
    expect(resealed).toMatch(/^v1:k2:/);
    expect(new ApplicationPiiCodec(rotated).open(id, resealed)).toEqual(data);
    expect(() =>
      new ApplicationPiiCodec(rotated).open('0193a7c2-0000-7000-8000-000000000002', resealed),
    ).toThrow();
  });
});
