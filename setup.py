# Every setting is in settings.ini: edit it there, not here. This file only reads it.
from configparser import ConfigParser
import setuptools

config = ConfigParser(delimiters=['='])
config.read('settings.ini', encoding='utf-8')
cfg = config['DEFAULT']

licenses = {'apache2': 'Apache-2.0'}  # settings.ini's nbdev name -> SPDX expression (PEP 639; no License classifier)
statuses = ['1 - Planning', '2 - Pre-Alpha', '3 - Alpha', '4 - Beta', '5 - Production/Stable', '6 - Mature', '7 - Inactive']
requirements = cfg.get('requirements', '').split()
app_requirements = cfg.get('app_requirements', '').split()
distributed_requirements = cfg.get('distributed_requirements', '').split()
dev_requirements = cfg.get('dev_requirements', '').split()

setuptools.setup(
    name=cfg['lib_name'], version=cfg['version'], description=cfg['description'], keywords=cfg['keywords'],
    author=cfg['author'], author_email=cfg['author_email'], url=cfg['git_url'],
    license_expression=licenses.get(cfg['license'].lower(), cfg['license']), license_files=['LICENSE'],
    classifiers=['Development Status :: ' + statuses[int(cfg['status'])],
                 'Intended Audience :: ' + cfg['audience'].title(),
                 'Natural Language :: ' + cfg['language'].title(),
                 'Programming Language :: Python :: 3'],
    # namespace packages: the sample's folders (data, no __init__.py) are then part of the package, without warnings
    packages=setuptools.find_namespace_packages(include=[cfg['lib_path'], cfg['lib_path'] + '.*'], exclude=['*__pycache__*']),
    include_package_data=True,
    package_data={cfg['lib_path']: ['sample/*/*/*', 'sample/*.md', 'sample_more/*/*', 'sample_more/*.md', 'weights/*/*']},
    install_requires=requirements,
    # `app`: the web demo; `distributed`: training on several GPUs or machines (Accelerate);
    # `dev` (notebooks, tests, docs) tests both too, so it holds their extras
    extras_require={'app': app_requirements, 'distributed': distributed_requirements,
                    'dev': dev_requirements + app_requirements + distributed_requirements},
    python_requires='>=' + cfg['min_python'],
    long_description=open('README.md', encoding='utf-8').read(),
    long_description_content_type='text/markdown',
    zip_safe=False,
    entry_points={'console_scripts': cfg.get('console_scripts', '').split(),
                  'nbdev': [f'{cfg["lib_path"]}={cfg["lib_path"]}._modidx:d']},
)
