import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One OAuth authorization in flight: the state (stored as its SHA-256) names who started it; the
 * PKCE code_verifier is encrypted. Single use: the callback deletes the row it consumes.
 */
@Entity({ name: 'oauth_state' })
export class OAuthStateEntity {
  @PrimaryColumn({ name: 'state_hash', type: 'text' })
  stateHash!: string;

  @Column({ type: 'text' })
  platform!: string;

  @Column({ name: 'brand_id', type: 'uuid' })
  brandId!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'code_verifier', type: 'text' })
  codeVerifier!: string;

  @Column({ name: 'redirect_uri', type: 'text' })
  redirectUri!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
