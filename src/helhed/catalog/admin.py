from django.contrib import admin

from helhed.catalog.models import InterventionType, LegalBasis

admin.site.register(LegalBasis)
admin.site.register(InterventionType)
