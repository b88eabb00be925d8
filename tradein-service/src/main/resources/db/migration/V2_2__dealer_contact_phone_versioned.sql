-- Contact phones move to common's versioned field format (text form 'v2.<base64>', with a key id so keys can
-- rotate); values of the first format ('v1.') stay readable until the service's re-sealing pass moves them.
ALTER TABLE dealers DROP CONSTRAINT dealers_phone_kept;
ALTER TABLE dealers ADD CONSTRAINT dealers_phone_kept
    CHECK (contact_phone IS NOT NULL OR (contact_phone_enc IS NOT NULL
           AND (contact_phone_enc LIKE 'v1.%' OR contact_phone_enc LIKE 'v2.%')));
